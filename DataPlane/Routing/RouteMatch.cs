using HybridGateway.Shared.Configuration;

namespace HybridGateway.DataPlane.Routing;

/// <summary>The route a request matched, with what Kong derives from the match.</summary>
/// <param name="Route">The matched route.</param>
/// <param name="Service">The route's service, or null for a route without one.</param>
/// <param name="MatchedPath">The route path that matched (as configured), or null when the route has no paths.</param>
/// <param name="StrippedPrefix">The part of the request path that strip_path removed (empty when nothing was stripped).</param>
/// <param name="UpstreamPath">The path sent upstream (service path joined with the request path).</param>
/// <param name="HttpsRequired">True when the route only accepts https and the request came over http.</param>
internal sealed record RouteMatch(
    RouteConfig Route,
    ServiceConfig? Service,
    string? MatchedPath,
    string StrippedPrefix,
    string UpstreamPath,
    bool HttpsRequired);
