using HybridGateway.Shared.Contracts;
using HybridGateway.Shared.Plugins.Sdk;

namespace HybridGateway.ControlPlane.Clustering;

/// <summary>The states a data-plane node is shown in (<c>status</c> of <c>GET /clustering/data-planes</c>).</summary>
internal static class DataPlaneState
{
    public const string InSync = "in_sync";
    public const string Outdated = "outdated";
    public const string ApplyFailed = "apply_failed";
    public const string PluginIncompatible = "plugin_incompatible";
    public const string Offline = "offline";

    /// <summary>
    /// Offline wins (nothing else is known for sure); then, for a node not running the latest config, missing plugins (or
    /// custom plugins of another major version than their manifest, in <paramref name="manifestVersions"/>); then a
    /// failed apply of a version newer than the applied one; then in sync when the applied hash is the latest stored
    /// hash; else outdated.
    /// </summary>
    public static string Evaluate(
        DateTimeOffset now,
        DateTimeOffset lastSeen,
        TimeSpan offlineAfter,
        long? appliedVersion,
        string? appliedHash,
        string? lastApplyError,
        long? lastFailedVersion,
        string? latestHash,
        IReadOnlyCollection<PluginInfo> nodePlugins,
        IReadOnlyCollection<string> usedPlugins,
        IReadOnlyDictionary<string, string> manifestVersions)
    {
        ArgumentNullException.ThrowIfNull(nodePlugins);
        ArgumentNullException.ThrowIfNull(usedPlugins);
        ArgumentNullException.ThrowIfNull(manifestVersions);
        if (now - lastSeen > offlineAfter)
        {
            return Offline;
        }

        var inSync = latestHash is not null && string.Equals(appliedHash, latestHash, StringComparison.OrdinalIgnoreCase);

        // A node that lacks a plugin the latest config uses, or carries a custom plugin of another major version than its
        // manifest, refuses that config (and keeps serving its last one): that is why it is behind, so it is shown as
        // such. Only nodes that say which plugins they carry can be judged; an empty list means "not reported".
        if (!inSync && nodePlugins.Count > 0
            && PluginRequirements.Unmet(nodePlugins, usedPlugins.Select(p => new PluginRequirement(p, manifestVersions.GetValueOrDefault(p)))).Count > 0)
        {
            return PluginIncompatible;
        }

        // Also when the node runs the latest stored version: a version it was sent and refused (a rogue or damaged
        // message) is worth an operator's look.
        if (lastApplyError is not null && (lastFailedVersion ?? long.MaxValue) > (appliedVersion ?? 0))
        {
            return ApplyFailed;
        }

        return inSync ? InSync : Outdated;
    }
}
