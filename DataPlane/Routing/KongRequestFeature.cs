using HybridGateway.DataPlane.Runtime;

namespace HybridGateway.DataPlane.Routing;

/// <summary>The Kong route a request matched and the runtime it was matched in (one runtime for the whole request).</summary>
internal sealed class KongRequestFeature(ActiveConfig active, RouteMatch match)
{
    public ActiveConfig Active { get; } = active;

    public RouteMatch Match { get; } = match;

    /// <summary>The request path as the client sent it (before any rewriting).</summary>
    public string? OriginalPath { get; init; }

    /// <summary>When the router took the request (<see cref="System.Diagnostics.Stopwatch"/> timestamp).</summary>
    public long ReceivedAt { get; init; }

    /// <summary>When the request left for the upstream, for Kong's latency headers.</summary>
    public long ProxiedAt { get; set; }
}
