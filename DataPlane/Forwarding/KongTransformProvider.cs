using System.Net.Http.Headers;
using HybridGateway.DataPlane.Responses;
using HybridGateway.DataPlane.Routing;
using Yarp.ReverseProxy.Transforms;
using Yarp.ReverseProxy.Transforms.Builder;

namespace HybridGateway.DataPlane.Forwarding;

/// <summary>
/// Shapes the upstream request as Kong does: the joined upstream path, the Host header (<c>preserve_host</c>),
/// and Kong's X-Forwarded-* and X-Real-IP headers (instead of YARP's defaults).
/// </summary>
internal sealed class KongTransformProvider : ITransformProvider
{
    private static readonly string[] ForwardedHeaders =
    [
        "X-Forwarded-For", "X-Forwarded-Proto", "X-Forwarded-Host", "X-Forwarded-Port", "X-Forwarded-Path", "X-Forwarded-Prefix", "X-Real-IP",
    ];

    private static readonly string ViaValue = "1.1 hybridgateway/" + (typeof(KongTransformProvider).Assembly.GetName().Version?.ToString(3) ?? "0");

    public void ValidateRoute(TransformRouteValidationContext context)
    {
    }

    public void ValidateCluster(TransformClusterValidationContext context)
    {
    }

    public void Apply(TransformBuilderContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.UseDefaultForwarders = false;

        // YARP otherwise appends its own Host transform after ours; suppress first, then decide per request.
        context.AddOriginalHost(useOriginal: false);
        context.AddRequestTransform(ApplyKongRequest);
        context.AddResponseTransform(ApplyKongResponse);
    }

    // Kong's latency headers and Via on proxied responses.
    private static ValueTask ApplyKongResponse(ResponseTransformContext context)
    {
        if (context.HttpContext.Features.Get<KongRequestFeature>() is not { ProxiedAt: > 0 } feature || context.ProxyResponse is null)
        {
            return ValueTask.CompletedTask;
        }

        var headers = context.HttpContext.Response.Headers;
        var upstream = (long)System.Diagnostics.Stopwatch.GetElapsedTime(feature.ProxiedAt).TotalMilliseconds;
        var proxy = (long)System.Diagnostics.Stopwatch.GetElapsedTime(feature.ReceivedAt, feature.ProxiedAt).TotalMilliseconds;
        headers["X-Kong-Upstream-Latency"] = upstream.ToString(System.Globalization.CultureInfo.InvariantCulture);
        headers["X-Kong-Proxy-Latency"] = proxy.ToString(System.Globalization.CultureInfo.InvariantCulture);
        headers.Append("Via", ViaValue);
        return ValueTask.CompletedTask;
    }

    private static ValueTask ApplyKongRequest(RequestTransformContext context)
    {
        var feature = context.HttpContext.Features.Get<KongRequestFeature>();
        if (feature is null)
        {
            return ValueTask.CompletedTask;
        }

        var match = feature.Match;
        var request = context.HttpContext.Request;
        feature.ProxiedAt = System.Diagnostics.Stopwatch.GetTimestamp();
        context.Path = new PathString(match.UpstreamPath);

        var headers = context.ProxyRequest.Headers;
        headers.Host = match.Route.PreserveHost && request.Host.HasValue ? request.Host.Value : null;

        var incomingFor = request.Headers["X-Forwarded-For"].ToString();
        foreach (var name in ForwardedHeaders)
        {
            headers.Remove(name);
        }

        var remote = context.HttpContext.Connection.RemoteIpAddress?.ToString() ?? string.Empty;
        var (hostName, _) = HostMatcher.SplitHost(request.Host.HasValue ? request.Host.Value : null, request.Scheme);
        Add(headers, "X-Forwarded-For", string.IsNullOrEmpty(incomingFor) ? remote : incomingFor + ", " + remote);
        Add(headers, "X-Forwarded-Proto", request.Scheme);
        Add(headers, "X-Forwarded-Host", hostName);
        Add(headers, "X-Forwarded-Port", context.HttpContext.Connection.LocalPort.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Add(headers, "X-Forwarded-Path", feature.OriginalPath ?? request.Path.Value ?? "/");
        if (match.StrippedPrefix.Length > 0)
        {
            Add(headers, "X-Forwarded-Prefix", match.StrippedPrefix);
        }

        Add(headers, "X-Real-IP", remote);
        headers.Remove("X-Kong-Request-Id");
        Add(headers, "X-Kong-Request-Id", KongResponses.RequestId(context.HttpContext));
        return ValueTask.CompletedTask;
    }

    private static void Add(HttpRequestHeaders headers, string name, string value) => headers.TryAddWithoutValidation(name, value);
}
