using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace HybridGateway.DataPlane.Hosting;

/// <summary>The Kestrel listeners (proxy, TLS proxy, status) and how to tell which one a request came in on.</summary>
internal sealed class Listeners
{
    private ListenOptions? _proxy;
    private ListenOptions? _proxyTls;
    private ListenOptions? _status;

    /// <summary>The bound proxy port (the real one once Kestrel bound port 0).</summary>
    public int ProxyPort => Port(_proxy);

    /// <summary>The bound TLS proxy port, or -1 when the TLS listener is off.</summary>
    public int ProxyTlsPort => Port(_proxyTls);

    /// <summary>The bound status port.</summary>
    public int StatusPort => Port(_status);

    public void Configure(KestrelServerOptions kestrel, DataPlaneSettings settings, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(kestrel);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(logger);
        kestrel.AddServerHeader = false;
        _proxy = Listen(kestrel, settings.ProxyListen);
        if (settings.ProxyTlsListen is { } tls)
        {
            var certificate = TlsServerCertificate.Load(settings, logger);
            _proxyTls = Listen(kestrel, tls, options => options.UseHttps(https =>
            {
                https.ServerCertificate = certificate;

                // Ask for a client certificate, never require one, and accept any at the TLS layer: mtls-auth verifies
                // it against the CAs a route trusts, and routes without mtls-auth serve callers without one.
                https.ClientCertificateMode = ClientCertificateMode.AllowCertificate;
                https.ClientCertificateValidation = static (_, _, _) => true;
                https.CheckCertificateRevocation = false;
            }));
        }

        _status = Listen(kestrel, settings.StatusListen);
    }

    public bool IsStatus(HttpContext context) => context.Connection.LocalPort == StatusPort && StatusPort != ProxyPort;

    private static ListenOptions Listen(KestrelServerOptions kestrel, ListenAddress address, Action<ListenOptions>? configure = null)
    {
        ListenOptions? captured = null;
        kestrel.Listen(new IPEndPoint(address.Address, address.Port), options =>
        {
            captured = options;
            configure?.Invoke(options);
        });
        return captured!;
    }

    // Kestrel replaces the endpoint with the bound one, so port 0 resolves to the real port after start.
    private static int Port(ListenOptions? options) => options?.EndPoint is IPEndPoint endpoint ? endpoint.Port : -1;
}
