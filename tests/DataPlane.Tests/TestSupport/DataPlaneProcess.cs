using System.Net;
using HybridGateway.DataPlane.Hosting;
using Microsoft.AspNetCore.Builder;

namespace HybridGateway.DataPlane.Tests.TestSupport;

/// <summary>A real data-plane host in this process, on loopback ports chosen by the OS.</summary>
internal sealed class DataPlaneProcess : IAsyncDisposable
{
    private readonly string _cacheDir;

    private DataPlaneProcess(WebApplication app, HttpClient client, string cacheDir)
    {
        _cacheDir = cacheDir;
        App = app;
        Client = client;
        var listeners = app.Services.GetRequiredService<Listeners>();
        Proxy = new Uri($"http://127.0.0.1:{listeners.ProxyPort}");
        ProxyTls = new Uri($"https://127.0.0.1:{listeners.ProxyTlsPort}");
        Status = new Uri($"http://127.0.0.1:{listeners.StatusPort}");
    }

    public WebApplication App { get; }

    public HttpClient Client { get; }

    public Uri Proxy { get; }

    /// <summary>The TLS proxy listener (a self-signed certificate made in the node's cache dir).</summary>
    public Uri ProxyTls { get; }

    public Uri Status { get; }

    public static async Task<DataPlaneProcess> StartAsync(Uri controlPlane, string cacheDir, string[]? extraArgs = null)
    {
        string[] args =
        [
            "--Proxy:Listen=http://127.0.0.1:0",
            "--Proxy:TlsListen=https://127.0.0.1:0",
            "--Status:Listen=http://127.0.0.1:0",
            $"--ControlPlane:Url={controlPlane}",
            $"--Cluster:Token={FakeControlPlaneServer.Token}",
            $"--Cluster:SnapshotPublicKey={TestSnapshotKeys.PublicKeyFile}",
            // Nothing listens there: the node must work without a broker.
            $"--RabbitMq:Url=amqp://guest:guest@127.0.0.1:{TestServers.ClosedPort()}/",
            $"--DataPlane:CacheDir={cacheDir}",
            "--Heartbeat:IntervalSeconds=60",
            "--ControlPlane:PollIntervalSeconds=3600",
            "--Logging:LogLevel:Default=Warning",
            "--Logging:LogLevel:MassTransit=None",
        ];
        var app = DataPlaneHost.Build([.. args, .. extraArgs ?? []], builder => builder.Logging.SetMinimumLevel(LogLevel.Warning));
        await app.StartAsync();
        var client = new HttpClient(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false }) { Timeout = TimeSpan.FromSeconds(60) };
        return new DataPlaneProcess(app, client, cacheDir);
    }

    public Task<HttpResponseMessage> GetAsync(string pathAndQuery, Action<HttpRequestMessage>? configure = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri(Proxy, pathAndQuery));
        configure?.Invoke(request);
        return Client.SendAsync(request);
    }

    /// <summary>A client of <see cref="ProxyTls"/> that trusts the node's generated certificate and presents <paramref name="clientCertificate"/>.</summary>
    public HttpClient TlsClient(System.Security.Cryptography.X509Certificates.X509Certificate2? clientCertificate = null) =>
        HybridGateway.Tests.Common.TestCertificates.TlsClient(File.ReadAllText(Path.Combine(_cacheDir, TlsServerCertificate.DirectoryName, TlsServerCertificate.CertificateFile)), clientCertificate);

    public async Task<HttpStatusCode> ReadyAsync() => (await Client.GetAsync(new Uri(Status, "/health/ready"))).StatusCode;

    public Task WaitReadyAsync() => Eventually.UntilAsync(ReadyAsync, s => s == HttpStatusCode.OK, "the data plane to serve a config");

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
