using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using HybridGateway.DataPlane.Logging;
using HybridGateway.DataPlane.Snapshots;

namespace HybridGateway.DataPlane.Hosting;

/// <summary>
/// The TLS listener's certificate: the configured PEM files, or, like Kong's default certificate, a self-signed one
/// generated once into the cache dir (key file 0600) and reused on later starts.
/// </summary>
internal static class TlsServerCertificate
{
    public const string DirectoryName = "tls";
    public const string CertificateFile = "server.crt";
    public const string KeyFile = "server.key";

    public static X509Certificate2 Load(DataPlaneSettings settings, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(logger);
        if (settings.TlsCertificatePath is { } certificatePath && settings.TlsCertificateKeyPath is { } keyPath)
        {
            var configured = X509Certificate2.CreateFromPemFile(certificatePath, keyPath);
            Log.Loaded(logger, certificatePath, Fingerprint(configured), null);
            return configured;
        }

        var directory = Path.Combine(settings.CacheDir, DirectoryName);
        var certificateFile = Path.Combine(directory, CertificateFile);
        var keyFile = Path.Combine(directory, KeyFile);
        if (File.Exists(certificateFile) && File.Exists(keyFile))
        {
            try
            {
                var existing = X509Certificate2.CreateFromPemFile(certificateFile, keyFile);
                if (existing.NotAfter.ToUniversalTime() > DateTime.UtcNow.AddDays(1))
                {
                    Log.Loaded(logger, certificateFile, Fingerprint(existing), null);
                    return existing;
                }
            }
            catch (CryptographicException)
            {
                // Unreadable or mismatched: made again below.
            }
        }

        var generated = Generate();
        AtomicFile.Write(keyFile, System.Text.Encoding.ASCII.GetBytes(generated.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem()), UnixFileMode.UserRead | UnixFileMode.UserWrite);
        AtomicFile.Write(certificateFile, System.Text.Encoding.ASCII.GetBytes(generated.ExportCertificatePem()));
        Log.Generated(logger, certificateFile, Fingerprint(generated), null);
        return generated;
    }

    /// <summary>The SHA-256 fingerprint as OpenSSL prints it (<c>AB:CD:…</c>), for comparing with <c>openssl x509 -fingerprint -sha256</c>.</summary>
    public static string Fingerprint(X509Certificate2 certificate) =>
        Convert.ToHexString(certificate.GetCertHash(HashAlgorithmName.SHA256)).Chunk(2).Select(c => new string(c)).Aggregate((a, b) => $"{a}:{b}");

    private static X509Certificate2 Generate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost, O=HybridGateway default certificate", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(System.Net.IPAddress.Loopback);
        names.AddIpAddress(System.Net.IPAddress.IPv6Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        var now = DateTimeOffset.UtcNow;
        return request.CreateSelfSigned(now.AddMinutes(-5), now.AddYears(10));
    }

    private static class Log
    {
        public static readonly Action<ILogger, string, string, Exception?> Loaded =
            LoggerMessage.Define<string, string>(LogLevel.Information, EventIds.TlsCertificateLoaded, "TLS listener certificate {Path}, SHA-256 fingerprint {Fingerprint}");

        public static readonly Action<ILogger, string, string, Exception?> Generated =
            LoggerMessage.Define<string, string>(LogLevel.Warning, EventIds.TlsCertificateGenerated, "TLS listener uses a generated self-signed certificate {Path}, SHA-256 fingerprint {Fingerprint}; configure Proxy:TlsCertificate and Proxy:TlsCertificateKey for a real one");
    }
}
