namespace HybridGateway.DataPlane.Routing;

/// <summary>What the router looks at in a request.</summary>
/// <param name="Method">The HTTP method (upper case).</param>
/// <param name="Scheme"><c>http</c> or <c>https</c>.</param>
/// <param name="Host">The Host header, possibly with a port.</param>
/// <param name="Path">The normalized request path.</param>
/// <param name="Headers">The request headers.</param>
internal readonly record struct RouteRequest(string Method, string Scheme, string? Host, string Path, IHeaderDictionary Headers)
{
    public static RouteRequest From(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var path = request.PathBase.HasValue ? request.PathBase.Add(request.Path).Value : request.Path.Value;
        return new RouteRequest(request.Method, request.Scheme, request.Host.HasValue ? request.Host.Value : null, string.IsNullOrEmpty(path) ? "/" : path, request.Headers);
    }
}
