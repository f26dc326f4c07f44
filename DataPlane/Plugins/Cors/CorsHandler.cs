using System.Text.Json;
using HybridGateway.Shared.Configuration;
using HybridGateway.Shared.Plugins.Cors;
using HybridGateway.Shared.Plugins.Sdk;
using Microsoft.Net.Http.Headers;

namespace HybridGateway.DataPlane.Plugins.Cors;

/// <summary>
/// Kong's <c>cors</c> (priority 2000, before authentication): answers preflights (<c>OPTIONS</c> with <c>Origin</c> and
/// <c>Access-Control-Request-Method</c>) with 200 and the allow headers, unless <c>preflight_continue</c>; adds the
/// origin, credentials and expose headers to every other response, including a 401 from an authentication plugin or
/// a request-termination answer, so browsers can read those too.
/// </summary>
internal sealed class CorsHandler : GatewayPlugin<CorsPolicy>
{
    private const string AllowPrivateNetwork = "Access-Control-Allow-Private-Network";
    private const string RequestPrivateNetwork = "Access-Control-Request-Private-Network";

    public override string Name => CorsSchema.Name;

    public override string Version => CorsSchema.Definition.Version;

    public override int Priority => CorsSchema.Definition.Priority;

    protected override CorsPolicy? Parse(JsonElement config, ICollection<string> errors) =>
        config.Deserialize<CorsOptions>(GatewayJson.Options) is { } options ? new CorsPolicy(options) : null;

    protected override async ValueTask AccessAsync(PluginContext context, CorsPolicy policy)
    {
        var request = context.HttpContext.Request;
        if (!HttpMethods.IsOptions(request.Method)
            || string.IsNullOrEmpty(request.Headers.Origin)
            || string.IsNullOrEmpty(request.Headers.AccessControlRequestMethod))
        {
            return;
        }

        // Marks a request whose preflight this instance answered or handed to the upstream: no response headers then.
        // The instance's policy is the key, so no key is allocated per request.
        context.HttpContext.Items[policy] = true;
        if (policy.PreflightContinue)
        {
            return;
        }

        IHeaderDictionary headers = new HeaderDictionary();
        var allowAll = SetOrigin(policy, request, headers, append: false);
        SetCredentials(policy, request, headers, allowAll, append: false);
        var allowHeaders = policy.AllowHeaders ?? request.Headers.AccessControlRequestHeaders.ToString();
        if (allowHeaders.Length > 0)
        {
            headers.AccessControlAllowHeaders = allowHeaders;
        }

        headers.AccessControlAllowMethods = policy.AllowMethods;
        if (policy.MaxAge is { } maxAge)
        {
            headers.AccessControlMaxAge = maxAge;
        }

        if (policy.PrivateNetwork && request.Headers[RequestPrivateNetwork] == "true")
        {
            headers[AllowPrivateNetwork] = "true";
        }

        await context.ExitAsync(StatusCodes.Status200OK, body: null, contentType: null, headers.ToDictionary(h => h.Key, h => h.Value.ToString()));
    }

    protected override void OnResponseHeaders(PluginContext context, CorsPolicy policy)
    {
        var request = context.HttpContext.Request;
        if (context.HttpContext.Items.ContainsKey(policy)
            || (!policy.AllowOriginAbsent && string.IsNullOrEmpty(request.Headers.Origin)))
        {
            return;
        }

        var headers = context.HttpContext.Response.Headers;
        var allowAll = SetOrigin(policy, request, headers, append: true);
        SetCredentials(policy, request, headers, allowAll, append: true);
        if (policy.ExposeHeaders is { } exposed)
        {
            headers.AccessControlExposeHeaders = exposed;
        }
    }

    /// <summary>Kong's <c>configure_origin</c>: returns true when every origin is allowed (<c>*</c>).</summary>
    private static bool SetOrigin(CorsPolicy policy, HttpRequest request, IHeaderDictionary headers, bool append)
    {
        if (policy.AllowsAnyOrigin)
        {
            headers.AccessControlAllowOrigin = "*";
            return true;
        }

        // Always, even when the origin is refused: caches must key the answer by Origin.
        AddVaryOrigin(headers, append);
        if (request.Headers.Origin.ToString() is { Length: > 0 } origin && policy.Match(origin) is { } allowed)
        {
            headers.AccessControlAllowOrigin = allowed;
        }
        else
        {
            headers.Remove(HeaderNames.AccessControlAllowOrigin);
        }

        return false;
    }

    /// <summary>Kong's <c>configure_credentials</c>: with <c>*</c>, credentials require echoing the request's origin.</summary>
    private static void SetCredentials(CorsPolicy policy, HttpRequest request, IHeaderDictionary headers, bool allowAll, bool append)
    {
        if (!policy.Credentials)
        {
            return;
        }

        if (!allowAll)
        {
            headers.AccessControlAllowCredentials = "true";
            return;
        }

        if (request.Headers.Origin.ToString() is { Length: > 0 } origin)
        {
            AddVaryOrigin(headers, append);
            headers.AccessControlAllowOrigin = origin;
            headers.AccessControlAllowCredentials = "true";
        }
    }

    private static void AddVaryOrigin(IHeaderDictionary headers, bool append)
    {
        // On an upstream's response, keep its Vary values and add Origin once.
        var vary = headers.Vary;
        if (!append || vary.Count == 0)
        {
            headers.Vary = "Origin";
        }
        else if (!vary.Any(v => v is not null && v.Split(',').Any(p => p.Trim().Equals("Origin", StringComparison.OrdinalIgnoreCase))))
        {
            headers.Append(HeaderNames.Vary, "Origin");
        }
    }
}
