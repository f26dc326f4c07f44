namespace HybridGateway.Shared.Contracts;

/// <summary>A data-plane node's heartbeat: who it is and which config it runs.</summary>
public sealed record DataPlaneStatusReported
{
    /// <summary>Stable id of the node (persisted beside its disk cache).</summary>
    public required Guid NodeId { get; init; }

    public required string Hostname { get; init; }

    /// <summary>The data plane's software version.</summary>
    public required string SoftwareVersion { get; init; }

    /// <summary>The config version the node serves, or null when it has none yet.</summary>
    public long? AppliedVersion { get; init; }

    public string? AppliedHash { get; init; }

    /// <summary>Plugins the node carries (bundled and custom) with their versions.</summary>
    public IReadOnlyList<PluginInfo> Plugins { get; init; } = [];

    /// <summary>Custom plugins the node could not load at start-up, and why.</summary>
    public IReadOnlyList<PluginLoadError> PluginErrors { get; init; } = [];

    /// <summary>The error of the most recent failed apply, when it failed after the last successful one.</summary>
    public string? LastApplyError { get; init; }

    /// <summary>The version whose apply failed with <see cref="LastApplyError"/>.</summary>
    public long? LastFailedVersion { get; init; }

    public required DateTimeOffset ReportedAt { get; init; }
}
