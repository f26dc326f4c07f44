using HybridGateway.DataPlane.Plugins.Authentication;
using HybridGateway.DataPlane.Responses;
using HybridGateway.Shared.Configuration;
using HybridGateway.Shared.Plugins.Sdk;

namespace HybridGateway.DataPlane.Plugins;

/// <summary>
/// The data plane's <see cref="PluginContext"/>: Kong's responses, and the consumer directory and key ring of the
/// config version serving the request as features.
/// </summary>
internal sealed class DataPlanePluginContext : PluginContext
{
    private readonly ConsumerDirectory _consumers;
    private readonly Keys.KeyRing _keys;

    public DataPlanePluginContext(HttpContext httpContext, RouteConfig route, ServiceConfig? service, ConsumerDirectory? consumers = null, Keys.KeyRing? keys = null)
        : base(httpContext, route, service)
    {
        _consumers = consumers ?? ConsumerDirectory.Empty;
        _keys = keys ?? Keys.KeyRing.Empty;
    }

    public override TFeature? GetFeature<TFeature>()
        where TFeature : class =>
        _consumers as TFeature ?? _keys as TFeature;

    protected override Task WriteResponseAsync(int status, byte[]? body, string? contentType, IReadOnlyDictionary<string, string>? headers) =>
        KongResponses.WriteAsync(HttpContext, status, body, contentType, headers);

    protected override Task WriteErrorAsync(int status, string? message, IReadOnlyDictionary<string, string>? headers) =>
        KongResponses.WriteErrorAsync(HttpContext, status, message, headers);
}

/// <summary>What bundled plugins ask of the data plane, through the SDK's <see cref="PluginContext.GetFeature{TFeature}"/>.</summary>
internal static class PluginContextFeatures
{
    extension(PluginContext context)
    {
        /// <summary>The consumers and credentials of the config version serving this request.</summary>
        public ConsumerDirectory Consumers => context.GetFeature<ConsumerDirectory>() ?? ConsumerDirectory.Empty;

        /// <summary>The key sets of the config version serving this request (signing plugins).</summary>
        public Keys.KeyRing Keys => context.GetFeature<Keys.KeyRing>() ?? DataPlane.Keys.KeyRing.Empty;
    }
}
