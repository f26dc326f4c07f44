using System.Net;
using System.Net.Sockets;

namespace HybridGateway.Tests.Common;

/// <summary>Allocates free TCP ports on the loopback interface.</summary>
public static class FreePort
{
    private static readonly HashSet<int> Handed = [];

    /// <summary>
    /// A port that was free a moment ago and that this process has not handed out before
    /// (so two allocations in a row never collide even before either is bound).
    /// </summary>
    public static int Next()
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            lock (Handed)
            {
                if (Handed.Add(port))
                {
                    return port;
                }
            }
        }

        throw new InvalidOperationException("no free port found");
    }

    /// <summary>True when something accepts TCP connections on 127.0.0.1:<paramref name="port"/>.</summary>
    public static async Task<bool> IsOpenAsync(int port, CancellationToken cancellationToken = default)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
