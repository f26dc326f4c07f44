namespace HybridGateway.DataPlane.Forwarding;

/// <summary>How Kong entities are named in YARP's config.</summary>
internal static class ProxyIds
{
    public const string ConnectTimeoutMetadata = "hybridgateway.connect_timeout_ms";
    public const string RetriesMetadata = "hybridgateway.retries";

    private const string RoutePrefix = "route-";
    private const string ClusterPrefix = "service-";

    public static string Route(Guid routeId) => RoutePrefix + routeId.ToString("D");

    public static string Cluster(Guid serviceId) => ClusterPrefix + serviceId.ToString("D");

    public static bool TryParseRoute(string yarpRouteId, out Guid routeId)
    {
        routeId = Guid.Empty;
        return yarpRouteId.StartsWith(RoutePrefix, StringComparison.Ordinal) && Guid.TryParse(yarpRouteId.AsSpan(RoutePrefix.Length), out routeId);
    }
}
