using HybridGateway.DataPlane.Plugins;
using HybridGateway.DataPlane.Responses;
using HybridGateway.DataPlane.Runtime;

namespace HybridGateway.DataPlane.Routing;

/// <summary>
/// Kong's router in front of ASP.NET routing: picks the Kong route and sets YARP's endpoint for it
/// (EndpointRoutingMiddleware then skips its own matching). Answers 404 when no route matches and 503 when no
/// config has been received yet.
/// </summary>
internal sealed class KongRoutingMiddleware
{
    private readonly RequestDelegate _next;
    private readonly RuntimeHolder _holder;
    private readonly Endpoint _servicelessEndpoint;

    public KongRoutingMiddleware(RequestDelegate next, RuntimeHolder holder, PluginRunner plugins)
    {
        ArgumentNullException.ThrowIfNull(next);
        ArgumentNullException.ThrowIfNull(holder);
        ArgumentNullException.ThrowIfNull(plugins);
        _next = next;
        _holder = holder;

        // A route without a service still runs its plugins (e.g. request-termination); otherwise Kong answers 503.
        _servicelessEndpoint = new Endpoint(
            async context =>
            {
                var feature = context.Features.Get<KongRequestFeature>()!;
                if (!await plugins.RunAccessAsync(context, feature).ConfigureAwait(false))
                {
                    await KongResponses.WriteMessageAsync(context, StatusCodes.Status503ServiceUnavailable, KongResponses.NoServiceMessage).ConfigureAwait(false);
                }
            },
            EndpointMetadataCollection.Empty,
            "Kong route without service");
    }

    public Task InvokeAsync(HttpContext context)
    {
        var active = _holder.Current;
        if (active is null)
        {
            return KongResponses.WriteErrorAsync(context, StatusCodes.Status503ServiceUnavailable, KongResponses.NoConfigMessage);
        }

        var match = active.Runtime.Router.Match(RouteRequest.From(context.Request));
        if (match is null)
        {
            return KongResponses.WriteErrorAsync(context, StatusCodes.Status404NotFound, KongResponses.NoRouteMessage);
        }

        if (match.HttpsRequired)
        {
            return RequireHttpsAsync(context, match);
        }

        context.Features.Set(new KongRequestFeature(active, match)
        {
            OriginalPath = context.Request.Path.Value,
            ReceivedAt = System.Diagnostics.Stopwatch.GetTimestamp(),
        });

        // Kong 3.x tags every response (and the upstream request) with the request id.
        context.Response.Headers["X-Kong-Request-Id"] = KongResponses.RequestId(context);
        if (match.Service is null)
        {
            context.SetEndpoint(_servicelessEndpoint);
        }
        else if (active.Runtime.Endpoints.TryGetValue(match.Route.Id, out var endpoint))
        {
            context.SetEndpoint(endpoint);
        }
        else
        {
            return KongResponses.WriteMessageAsync(context, StatusCodes.Status503ServiceUnavailable, KongResponses.NoServiceMessage);
        }

        return _next(context);
    }

    // Kong's answer to an http request on an https-only route: 426, or a redirect to https.
    private static Task RequireHttpsAsync(HttpContext context, RouteMatch match)
    {
        var code = match.Route.HttpsRedirectStatusCode;
        if (code is 301 or 302 or 307 or 308)
        {
            var (host, _) = HostMatcher.SplitHost(context.Request.Host.HasValue ? context.Request.Host.Value : null, "https");
            var location = $"https://{host}{context.Request.PathBase}{context.Request.Path}{context.Request.QueryString}";
            return KongResponses.WriteAsync(context, code, null, null, new Dictionary<string, string> { ["Location"] = location });
        }

        return KongResponses.WriteErrorAsync(context, StatusCodes.Status426UpgradeRequired, "Please use HTTPS protocol", new Dictionary<string, string>
        {
            ["Connection"] = "Upgrade",
            ["Upgrade"] = "TLS/1.2, HTTP/1.1",
        });
    }
}
