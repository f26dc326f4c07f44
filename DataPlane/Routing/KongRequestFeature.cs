using HybridGateway.DataPlane.Runtime;

namespace HybridGateway.DataPlane.Routing;

/// <summary>The Kong route a request matched and the runtime it was matched in (one runtime for the whole request).</summary>
internal sealed class KongRequestFeature(ActiveConfig active, RouteMatch match)
{
    public ActiveConfig Active { get; } = active;

    public RouteMatch Match { get; } = match;

    /// <summary>The request path as the client sent it (before any rewriting).</summary>
    public string? OriginalPath { get; init; }
}
