using System.Text.Json;
using HybridGateway.ControlPlane.Store;
using HybridGateway.Shared.Configuration;
using HybridGateway.Shared.Contracts;
using HybridGateway.Shared.Plugins.Sdk;
using HybridGateway.Shared.Snapshots;

namespace HybridGateway.ControlPlane.Snapshots;

/// <summary>The plugins a stored version uses: recorded with it, or read from the snapshot for versions stored before that.</summary>
internal static class SnapshotRequirements
{
    public static IReadOnlyList<PluginRequirement> Of(ConfigVersionRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return row.RequiredPlugins is { } json
            ? JsonSerializer.Deserialize<List<PluginRequirement>>(json, GatewayJson.Options) ?? []
            : PluginRequirements.Of(SnapshotCodec.Decode(row.Snapshot, row.Hash));
    }

    /// <summary>
    /// Whether a version may travel inline on the bus, where every node receives it: only when it uses no custom plugin
    /// (nodes carry those selectively, so they fetch it and the cluster endpoint hands it only to nodes that can run
    /// it) and every node seen lately carries every plugin it uses.
    /// </summary>
    public static bool FitsEveryNode(IReadOnlyList<PluginRequirement> required, IEnumerable<IReadOnlyList<PluginInfo>> nodePlugins)
    {
        ArgumentNullException.ThrowIfNull(required);
        ArgumentNullException.ThrowIfNull(nodePlugins);
        return required.All(r => r.Version is null)
            && nodePlugins.All(carried => carried.Count == 0 || PluginRequirements.Unmet(carried, required).Count == 0);
    }
}
