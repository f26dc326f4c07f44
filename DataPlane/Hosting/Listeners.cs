using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace HybridGateway.DataPlane.Hosting;

/// <summary>The two Kestrel listeners (proxy, status) and how to tell which one a request came in on.</summary>
internal sealed class Listeners
{
    private ListenOptions? _proxy;
    private ListenOptions? _status;

    /// <summary>The bound proxy port (the real one once Kestrel bound port 0).</summary>
    public int ProxyPort => Port(_proxy);

    /// <summary>The bound status port.</summary>
    public int StatusPort => Port(_status);

    public void Configure(KestrelServerOptions kestrel, DataPlaneSettings settings)
    {
        ArgumentNullException.ThrowIfNull(kestrel);
        ArgumentNullException.ThrowIfNull(settings);
        kestrel.AddServerHeader = false;
        _proxy = Listen(kestrel, settings.ProxyListen);
        _status = Listen(kestrel, settings.StatusListen);
    }

    public bool IsStatus(HttpContext context) => context.Connection.LocalPort == StatusPort && StatusPort != ProxyPort;

    private static ListenOptions Listen(KestrelServerOptions kestrel, ListenAddress address)
    {
        ListenOptions? captured = null;
        kestrel.Listen(new IPEndPoint(address.Address, address.Port), options => captured = options);
        return captured!;
    }

    // Kestrel replaces the endpoint with the bound one, so port 0 resolves to the real port after start.
    private static int Port(ListenOptions? options) => options?.EndPoint is IPEndPoint endpoint ? endpoint.Port : -1;
}
