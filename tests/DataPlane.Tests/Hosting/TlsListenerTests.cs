using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using HybridGateway.DataPlane.Hosting;
using HybridGateway.DataPlane.Tests.TestSupport;
using HybridGateway.Tests.Common;

namespace HybridGateway.DataPlane.Tests.Hosting;

/// <summary>The TLS proxy listener: its generated certificate (made once, key 0600, reused) or a configured one.</summary>
[NonParallelizable]
public sealed class TlsListenerTests
{
    private string _cacheDir = null!;

    [SetUp]
    public void SetUp() => _cacheDir = Path.Combine(Path.GetTempPath(), "hg-dp-tests", Guid.NewGuid().ToString("N"));

    [TearDown]
    public void TearDown()
    {
        if (Directory.Exists(_cacheDir))
        {
            Directory.Delete(_cacheDir, recursive: true);
        }
    }

    [Test]
    public async Task NoCertificateConfigured_ASelfSignedOneIsMadeOnce_KeyPrivate_ReusedOnRestart()
    {
        var certificateFile = Path.Combine(_cacheDir, TlsServerCertificate.DirectoryName, TlsServerCertificate.CertificateFile);
        var keyFile = Path.Combine(_cacheDir, TlsServerCertificate.DirectoryName, TlsServerCertificate.KeyFile);
        string first;
        await using (var node = await StartNodeAsync())
        {
            first = await File.ReadAllTextAsync(certificateFile);
            using var client = node.TlsClient();
            var response = await client.GetAsync(new Uri(node.ProxyTls, "/anything"));
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable), "the TLS port is the proxy: no config yet");
        }

        if (!OperatingSystem.IsWindows())
        {
            Assert.That(File.GetUnixFileMode(keyFile), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
        }

        await using (var again = await StartNodeAsync())
        {
            Assert.That(await File.ReadAllTextAsync(certificateFile), Is.EqualTo(first), "generated once");
            using var client = again.TlsClient();
            Assert.That((await client.GetAsync(new Uri(again.ProxyTls, "/anything"))).StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        }
    }

    [Test]
    public async Task ConfiguredPemFiles_AreServed()
    {
        Directory.CreateDirectory(_cacheDir);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var certificate = new CertificateRequest("CN=gateway.test", key, HashAlgorithmName.SHA256).CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        var certificateFile = Path.Combine(_cacheDir, "gateway.crt");
        var keyFile = Path.Combine(_cacheDir, "gateway.key");
        await File.WriteAllTextAsync(certificateFile, certificate.ExportCertificatePem());
        await File.WriteAllTextAsync(keyFile, key.ExportPkcs8PrivateKeyPem());

        await using var node = await StartNodeAsync($"--Proxy:TlsCertificate={certificateFile}", $"--Proxy:TlsCertificateKey={keyFile}");
        using var client = TestCertificates.TlsClient(certificate.ExportCertificatePem());

        Assert.That((await client.GetAsync(new Uri(node.ProxyTls, "/anything"))).StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable), "the pinned configured certificate was presented");
        Assert.That(File.Exists(Path.Combine(_cacheDir, TlsServerCertificate.DirectoryName, TlsServerCertificate.CertificateFile)), Is.False, "nothing generated");
    }

    private Task<DataPlaneProcess> StartNodeAsync(params string[] extra) =>
        DataPlaneProcess.StartAsync(new Uri($"http://127.0.0.1:{TestServers.ClosedPort()}"), _cacheDir, extra);
}
