using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using HybridGateway.Shared.Configuration;

namespace HybridGateway.DataPlane.Forwarding;

/// <summary>How Kong entities are named in YARP's config.</summary>
internal static class ProxyIds
{
    public const string ConnectTimeoutMetadata = "hybridgateway.connect_timeout_ms";
    public const string RetriesMetadata = "hybridgateway.retries";

    private const string RoutePrefix = "route-";
    private const string ClusterPrefix = "service-";

    public static string Route(Guid routeId) => RoutePrefix + routeId.ToString("D");

    /// <summary>
    /// A cluster id that changes whenever anything YARP keeps in the cluster changes. YARP updates a cluster with
    /// an unchanged id in place, which would let a request matched by the previous runtime (old path) reach the new
    /// upstream; a new id makes the new runtime use a new cluster while the previous runtime keeps its own.
    /// </summary>
    public static string Cluster(ServiceConfig service)
    {
        var fingerprint = string.Join(
            '\n',
            service.Protocol,
            service.Host,
            service.Port.ToString(CultureInfo.InvariantCulture),
            service.ConnectTimeout.ToString(CultureInfo.InvariantCulture),
            service.ReadTimeout.ToString(CultureInfo.InvariantCulture),
            service.WriteTimeout.ToString(CultureInfo.InvariantCulture),
            service.Retries.ToString(CultureInfo.InvariantCulture),
            service.TlsVerify?.ToString() ?? "null");
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(fingerprint)).AsSpan(0, 8));
        return $"{ClusterPrefix}{service.Id:D}-{hash}";
    }

    public static bool TryParseRoute(string yarpRouteId, out Guid routeId)
    {
        routeId = Guid.Empty;
        return yarpRouteId.StartsWith(RoutePrefix, StringComparison.Ordinal) && Guid.TryParse(yarpRouteId.AsSpan(RoutePrefix.Length), out routeId);
    }
}
