using System.Reflection;
using System.Text.Json.Nodes;
using HybridGateway.ControlPlane.AdminApi.Infrastructure;
using HybridGateway.ControlPlane.Hosting;
using HybridGateway.ControlPlane.Store;
using HybridGateway.Shared.Snapshots;
using Microsoft.EntityFrameworkCore;

namespace HybridGateway.ControlPlane.AdminApi.Node;

/// <summary>Admin API: <c>GET /</c> (node information) and <c>GET /status</c> (health), in Kong's shapes.</summary>
internal static class NodeApi
{
    public static readonly string Version =
        typeof(NodeApi).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    public static IEndpointRouteBuilder MapNodeApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("").WithTags("Node");
        group.MapGet("/", InfoAsync).WithName("GetNodeInfo").WithSummary("Node information");
        group.MapGet("/status", StatusAsync).WithName("GetNodeStatus").WithSummary("Node status");
        return app;
    }

    private static async Task<IResult> InfoAsync(ControlPlaneSettings settings, EntityKinds kinds, NodeIdentity node, GatewayDbFactory dbs, CancellationToken cancellationToken)
    {
        await using var db = dbs.Create();
        var inUse = await db.Plugins.Select(p => p.Name).Distinct().ToListAsync(cancellationToken);

        var available = new JsonObject();
        foreach (var plugin in kinds.Catalog.All.OrderBy(p => p.Name, StringComparer.Ordinal))
        {
            available[plugin.Name] = new JsonObject { ["version"] = plugin.Version, ["priority"] = plugin.Priority };
        }

        return AdminResults.Entity(new JsonObject
        {
            ["tagline"] = "Welcome to HybridGateway",
            ["version"] = Version,
            ["edition"] = "community",
            ["hostname"] = Environment.MachineName,
            ["node_id"] = node.Id.ToString(),
            ["configuration"] = new JsonObject
            {
                ["role"] = "control_plane",
                ["database"] = dbs.Provider == DatabaseProvider.SqlServer ? "sqlserver" : "sqlite",
                ["admin_listen"] = new JsonArray(settings.AdminListen.GetLeftPart(UriPartial.Authority)),
                ["cluster_listen"] = new JsonArray(settings.ClusterListen.GetLeftPart(UriPartial.Authority)),
                ["admin_token_required"] = settings.AdminToken is not null,
                ["snapshot_inline_limit_bytes"] = settings.InlineLimitBytes,
                ["cluster_offline_after_seconds"] = (long)settings.OfflineAfter.TotalSeconds,
                ["plugins"] = new JsonArray("bundled"),
            },
            ["plugins"] = new JsonObject
            {
                ["available_on_server"] = available,
                ["enabled_in_cluster"] = new JsonArray([.. inUse.Order(StringComparer.Ordinal).Select(n => (JsonNode?)JsonValue.Create(n))]),
            },
        });
    }

    private static async Task<IResult> StatusAsync(GatewayDbFactory dbs, RequestCounters counters, CancellationToken cancellationToken)
    {
        var reachable = false;
        long? version = null;
        string? hash = null;
        try
        {
            await using var db = dbs.Create();
            var latest = await db.ConfigVersions.OrderByDescending(v => v.Version)
                .Select(v => new { v.Version, v.Hash })
                .FirstOrDefaultAsync(cancellationToken);
            reachable = true;
            version = latest?.Version;
            hash = latest?.Hash;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            reachable = false;
        }

        return AdminResults.Entity(new JsonObject
        {
            ["database"] = new JsonObject { ["reachable"] = reachable },
            ["server"] = new JsonObject
            {
                ["total_requests"] = counters.Total,
                ["connections_active"] = counters.Active,
                ["connections_accepted"] = counters.Total,
                ["connections_handled"] = counters.Total,
                ["connections_reading"] = 0,
                ["connections_writing"] = counters.Active,
                ["connections_waiting"] = 0,
            },
            // Kong shows 32 zeros before any config exists; our hashes are SHA-256, so 64.
            ["configuration_hash"] = hash ?? new string('0', 64),
            ["config_version"] = version,
            ["empty_config_hash"] = SnapshotCodec.EmptyConfigHash,
        }, reachable ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
    }
}
