using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using HybridGateway.DataPlane.Plugins.Jwt;
using HybridGateway.Shared.Configuration;
using HybridGateway.Shared.Keys;
using HybridGateway.Shared.Plugins.Sdk;
using HybridGateway.Shared.Plugins.XCustomJwt;

namespace HybridGateway.DataPlane.Plugins.XCustomJwt;

/// <summary>
/// The Konnect x-custom-jwt contract (priority 1025, after every authentication plugin): one gateway-signed JWT per
/// request whose <c>client_id</c> comes from the plugin that authenticated the caller — the basic-auth username, the
/// key-auth credential's id (never the raw key), the client certificate's subject DN that mtls-auth verified
/// (<see cref="MtlsAuth.CertificateNames.SubjectDn"/>), or a claim of the token the jwt plugin verified — never from a header
/// nobody checked, as the original does. <c>act.client_id</c> is the consumer's custom_id, else its id.
/// </summary>
internal sealed class XCustomJwtHandler : GatewayPlugin<XCustomJwtInstance>
{
    public const string NotAuthorized = "You are not authorized to access to this service";
    public const string NoConsumer = "Issue with 'client_id' claim retrieval or Kong Consumer. There is no Kong consumer credential";

    private readonly TimeProvider _time;

    public XCustomJwtHandler(TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        _time = time;
    }

    public override string Name => XCustomJwtSchema.Name;

    public override string Version => XCustomJwtSchema.Definition.Version;

    public override int Priority => XCustomJwtSchema.Definition.Priority;

    protected override XCustomJwtInstance? Parse(JsonElement config, ICollection<string> errors)
    {
        if (config.Deserialize<XCustomJwtOptions>(GatewayJson.Options) is not { } options)
        {
            return null;
        }

        // Validated by the same code on the control plane; a key that still fails answers 401 with the reason.
        if (options.PrivateJwk is not { } inline)
        {
            return new XCustomJwtInstance(options, null, null);
        }

        var key = XCustomJwtKey.Load(inline, out var error);
        return new XCustomJwtInstance(options, key, error);
    }

    protected override async ValueTask AccessAsync(PluginContext context, XCustomJwtInstance instance)
    {
        var options = instance.Options;
        // A key set's key of this config version: a rotation is a config change like any other.
        var signing = options.KeySet is { } keySet ? context.Keys.Signer(keySet, options.Kid) : instance.Signing;

        if (signing is null)
        {
            var reason = options.KeySet is null ? instance.KeyError : $"key set '{options.KeySet}' holds no key{(options.Kid is null ? "" : $" with kid '{options.Kid}'")} that can sign";
            await RefuseAsync(context, options, $"Unable to load the JWK, error: '{reason}'");
            return;
        }

        if (context.Consumer is not { } consumer || context.Credential is not { } credential)
        {
            await RefuseAsync(context, options, NoConsumer);
            return;
        }

        var claims = new JsonObject();
        JsonNode? clientId = credential;
        if (context.AuthenticatedBy == Shared.Plugins.Jwt.JwtSchema.Name
            && context.HttpContext.Items[JwtHandler.AuthenticatedTokenItem] is string token)
        {
            // The jwt plugin verified this token: its claims travel on, and client_id is the configured one.
            claims = VerifiedClaims(token);
            clientId = claims[options.BearerClientidClaim]?.DeepClone();
            if (clientId is null || clientId.GetValueKind() == JsonValueKind.False)
            {
                await RefuseAsync(context, options, $"Issue with 'client_id' claim retrieval or Kong Consumer. Unable to get '{options.BearerClientidClaim}' claim from the Bearer token");
                return;
            }
        }

        if (claims["act"] is not JsonObject act)
        {
            act = [];
            claims["act"] = act;
        }

        act["client_id"] = consumer.CustomId ?? consumer.Id.ToString();
        claims["client_id"] = clientId;
        claims["sub"] ??= consumer.Username ?? consumer.Id.ToString();
        var now = _time.GetUtcNow().ToUnixTimeSeconds();
        claims["iss"] = options.Iss;
        claims["iat"] = now;
        claims["exp"] = options.ExpiresIn % 1 == 0 ? JsonValue.Create(now + (long)options.ExpiresIn) : JsonValue.Create(now + options.ExpiresIn);
        claims["jti"] = Guid.NewGuid().ToString();
        if (context.Service is { } service)
        {
            claims["aud"] = Audience(service);
        }
        else
        {
            claims.Remove("aud");
        }

        var header = new JsonObject { ["typ"] = "JWT" };
        if (signing.KeyId is not null)
        {
            header["kid"] = signing.KeyId;
        }

        header["jku"] = options.Jku;
        var signed = JwsWriter.Sign(signing.Key, signing.Algorithm, header, claims);
        var value = string.Equals(options.UpstreamCustomJwtHeader, "Authorization", StringComparison.OrdinalIgnoreCase) ? "Bearer " + signed : signed;
        context.HttpContext.Request.Headers[options.UpstreamCustomJwtHeader] = value;
        if (options.DownstreamCustomJwtHeader is { } downstream)
        {
            context.HttpContext.Response.Headers[downstream] = value;
        }
    }

    /// <summary>The service URL the token is meant for; the scheme's own default port is left out (80 for http, 443 for https).</summary>
    internal static string Audience(ServiceConfig service)
    {
        var isDefault = (service.Protocol == "http" && service.Port == 80) || (service.Protocol == "https" && service.Port == 443);
        var port = isDefault ? string.Empty : ":" + service.Port.ToString(CultureInfo.InvariantCulture);
        return $"{service.Protocol}://{service.Host}{port}{service.Path}";
    }

    private static JsonObject VerifiedClaims(string token)
    {
        var first = token.IndexOf('.', StringComparison.Ordinal);
        var second = token.IndexOf('.', first + 1);
        var payload = System.Buffers.Text.Base64Url.DecodeFromChars(token.AsSpan(first + 1, second - first - 1));
        return JsonNode.Parse(payload) as JsonObject ?? [];
    }

    private static Task RefuseAsync(PluginContext context, XCustomJwtOptions options, string verbose)
    {
        var body = new JsonObject { ["ErrorMessage"] = NotAuthorized };
        if (options.Verbose)
        {
            body["VerboseMessage"] = verbose;
        }

        return context.ExitAsync(StatusCodes.Status401Unauthorized, Encoding.UTF8.GetBytes(body.ToJsonString(GatewayJson.Options)), "application/json");
    }
}

/// <summary>One x-custom-jwt instance of a config version: its options and signing key, prepared once.</summary>
internal sealed record XCustomJwtInstance(XCustomJwtOptions Options, Signer? Signing, string? KeyError);
