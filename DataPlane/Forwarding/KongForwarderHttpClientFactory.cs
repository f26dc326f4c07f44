using System.Globalization;
using Yarp.ReverseProxy.Forwarder;

namespace HybridGateway.DataPlane.Forwarding;

/// <summary>
/// YARP's client factory, plus Kong's per-service connect timeout (SocketsHttpHandler.ConnectTimeout) and
/// connection retries, carried in cluster metadata; request headers are sent as UTF-8.
/// </summary>
internal sealed class KongForwarderHttpClientFactory : ForwarderHttpClientFactory
{
    private readonly ILogger<ConnectRetryHandler> _retryLogger;

    public KongForwarderHttpClientFactory(ILogger<ForwarderHttpClientFactory> logger, ILogger<ConnectRetryHandler> retryLogger)
        : base(logger)
    {
        ArgumentNullException.ThrowIfNull(retryLogger);
        _retryLogger = retryLogger;
    }

    protected override void ConfigureHandler(ForwarderHttpClientContext context, SocketsHttpHandler handler)
    {
        base.ConfigureHandler(context, handler);

        // Headers the gateway adds carry consumer usernames and basic-auth usernames, which may be any Unicode (as in
        // Kong, which sends their UTF-8 bytes); .NET's default refuses non-ASCII values and the request would fail.
        handler.RequestHeaderEncodingSelector ??= static (_, _) => System.Text.Encoding.UTF8;
        if (Read(context.NewMetadata, ProxyIds.ConnectTimeoutMetadata) is { } milliseconds && milliseconds > 0)
        {
            handler.ConnectTimeout = TimeSpan.FromMilliseconds(milliseconds);
        }
    }

    protected override HttpMessageHandler WrapHandler(ForwarderHttpClientContext context, HttpMessageHandler handler)
    {
        var inner = base.WrapHandler(context, handler);
        var retries = Read(context.NewMetadata, ProxyIds.RetriesMetadata) ?? 0;
        return retries > 0 ? new ConnectRetryHandler(retries, _retryLogger, inner) : inner;
    }

    // Reuse the old client only when our metadata (timeouts, retries) is unchanged too.
    protected override bool CanReuseOldClient(ForwarderHttpClientContext context) =>
        base.CanReuseOldClient(context)
        && Read(context.OldMetadata, ProxyIds.ConnectTimeoutMetadata) == Read(context.NewMetadata, ProxyIds.ConnectTimeoutMetadata)
        && Read(context.OldMetadata, ProxyIds.RetriesMetadata) == Read(context.NewMetadata, ProxyIds.RetriesMetadata);

    private static int? Read(IReadOnlyDictionary<string, string>? metadata, string key) =>
        metadata is not null && metadata.TryGetValue(key, out var text) && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : null;
}
