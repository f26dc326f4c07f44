using System.Net.Sockets;

namespace HybridGateway.Tests.Common;

/// <summary>Detects a usable Docker engine (for Testcontainers) without needing one.</summary>
public static class DockerEngine
{
    private static readonly Lazy<Task<(bool Available, string Reason)>> Probe = new(ProbeOnceAsync);

    /// <summary>
    /// Whether a Docker engine answers <c>GET /_ping</c> on DOCKER_HOST or /var/run/docker.sock, and why not.
    /// Use the reason with <c>Assert.Ignore</c>: a test that needs Docker is skipped where there is none, never passed.
    /// </summary>
    public static Task<(bool Available, string Reason)> ProbeAsync() => Probe.Value;

    private static async Task<(bool Available, string Reason)> ProbeOnceAsync()
    {
        var host = Environment.GetEnvironmentVariable("DOCKER_HOST");
        if (string.IsNullOrEmpty(host))
        {
            host = "unix:///var/run/docker.sock";
        }

        var uri = new Uri(host);
        try
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            if (uri.Scheme == "unix")
            {
                if (!File.Exists(uri.AbsolutePath))
                {
                    return (false, $"no Docker engine: {uri.AbsolutePath} does not exist (DOCKER_HOST unset or points nowhere)");
                }

                var handler = new SocketsHttpHandler
                {
                    ConnectCallback = async (_, token) =>
                    {
                        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                        await socket.ConnectAsync(new UnixDomainSocketEndPoint(uri.AbsolutePath), token);
                        return new NetworkStream(socket, ownsSocket: true);
                    },
                };
                using var client = new HttpClient(handler);
                var ping = await client.GetStringAsync(new Uri("http://docker/_ping"), cts.Token);
                return ping.Trim() == "OK" ? (true, "Docker engine answered /_ping") : (false, $"no Docker engine: /_ping said '{ping}'");
            }

            using var tcp = new HttpClient();
            var builder = new UriBuilder(uri) { Scheme = uri.Scheme == "tcp" ? "http" : uri.Scheme, Path = "/_ping" };
            var reply = await tcp.GetStringAsync(builder.Uri, cts.Token);
            return reply.Trim() == "OK" ? (true, "Docker engine answered /_ping") : (false, $"no Docker engine: /_ping said '{reply}'");
        }
        catch (Exception ex) when (ex is HttpRequestException or SocketException or OperationCanceledException or IOException)
        {
            return (false, $"no Docker engine reachable at {host}: {ex.Message}");
        }
    }
}
