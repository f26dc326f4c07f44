using System.Text.Json;
using HybridGateway.Shared.Configuration;
using HybridGateway.Shared.Plugins.Jwks;
using HybridGateway.Shared.Plugins.Sdk;

namespace HybridGateway.DataPlane.Plugins.Jwks;

/// <summary>
/// The <c>jwks</c> plugin: answers with the key set's public JWKS of the config version serving the request (rendered
/// once per version by <see cref="Keys.KeyRing"/>), with Cache-Control, an ETag and 304 on <c>If-None-Match</c>.
/// </summary>
internal sealed class JwksHandler : GatewayPlugin<JwksOptions>
{
    public override string Name => JwksSchema.Name;

    public override string Version => JwksSchema.Definition.Version;

    public override int Priority => JwksSchema.Definition.Priority;

    protected override JwksOptions? Parse(JsonElement config, ICollection<string> errors) =>
        config.Deserialize<JwksOptions>(GatewayJson.Options);

    protected override async ValueTask AccessAsync(PluginContext context, JwksOptions options)
    {
        if (context.Keys.Find(options.KeySet) is not { } set)
        {
            // The set was deleted or renamed while the plugin still names it: nothing to publish.
            await context.ErrorAsync(StatusCodes.Status404NotFound, "Not found");
            return;
        }

        var (status, body, headers) = set.JwksResponse(context.HttpContext.Request.Headers.IfNoneMatch, options.MaxAge);
        await context.ExitAsync(status, body, Keys.RingSet.JwksContentType, headers);
    }
}
