using System.Text.Json;
using System.Text.Json.Nodes;
using HybridGateway.ControlPlane.Hosting;
using HybridGateway.ControlPlane.Store;
using HybridGateway.Shared.Configuration;
using HybridGateway.Shared.Contracts;
using Microsoft.EntityFrameworkCore;

namespace HybridGateway.ControlPlane.Clustering;

/// <summary>Admin API: <c>GET /clustering/data-planes</c>, every node that ever reported, with its state.</summary>
internal static class DataPlanesApi
{
    public static IEndpointRouteBuilder MapDataPlanesApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/clustering").WithTags("Clustering");
        group.MapGet("/data-planes", ListAsync).WithName("ListDataPlanes").WithSummary("Data-plane nodes and their sync state");
        return app;
    }

    private static async Task<IResult> ListAsync(GatewayDbFactory dbs, ControlPlaneSettings settings, TimeProvider time, CancellationToken cancellationToken)
    {
        await using var db = dbs.Create();
        var nodes = await db.DataPlaneNodes.AsNoTracking().OrderBy(n => n.Id).ToListAsync(cancellationToken);
        var latestHash = await db.ConfigVersions.OrderByDescending(v => v.Version).Select(v => v.Hash).FirstOrDefaultAsync(cancellationToken);
        var usedPlugins = await db.Plugins.Select(p => p.Name).Distinct().ToListAsync(cancellationToken);
        var manifestVersions = (await StoredPluginCatalog.ReadAsync(db, cancellationToken)).ToDictionary(m => m.Name, m => m.Version, StringComparer.Ordinal);
        var now = time.GetUtcNow();

        var data = new JsonArray();
        foreach (var node in nodes)
        {
            var plugins = JsonSerializer.Deserialize<List<PluginInfo>>(node.PluginsJson, GatewayJson.Options) ?? [];
            var status = DataPlaneState.Evaluate(
                now,
                DateTimeOffset.FromUnixTimeMilliseconds(node.LastSeen),
                settings.OfflineAfter,
                node.AppliedVersion,
                node.AppliedHash,
                node.LastApplyError,
                node.LastFailedVersion,
                latestHash,
                plugins,
                usedPlugins,
                manifestVersions);
            data.Add(new JsonObject
            {
                ["id"] = node.Id,
                ["hostname"] = node.Hostname,
                ["version"] = node.SoftwareVersion,
                ["config_version"] = node.AppliedVersion,
                ["config_hash"] = node.AppliedHash,
                ["last_seen"] = node.LastSeen / 1000,
                ["status"] = status,
                ["last_apply_error"] = node.LastApplyError,
                ["last_failed_version"] = node.LastFailedVersion,
                ["plugins"] = new JsonArray([.. plugins.Select(p => (JsonNode)new JsonObject { ["name"] = p.Name, ["version"] = p.Version })]),
                ["plugin_errors"] = JsonNode.Parse(node.PluginErrorsJson),
            });
        }

        return TypedResults.Json(new JsonObject { ["data"] = data, ["next"] = null }, GatewayJson.Options);
    }
}
