namespace HybridGateway.Shared.Contracts;

/// <summary>
/// The control plane stored and published config version <see cref="Version"/>.
/// Small snapshots that every node can run travel inline in <see cref="Snapshot"/>; others are a claim check
/// (<see cref="Snapshot"/> is null) that data planes redeem at the control plane's cluster endpoint, which hands a
/// snapshot only to nodes carrying the plugins it uses.
/// Data planes ignore versions older than or equal to the one they run, so duplicates are harmless.
/// </summary>
public sealed record ConfigVersionPublished
{
    public required long Version { get; init; }

    /// <summary>Lower-case hex SHA-256 of the canonical JSON.</summary>
    public required string Hash { get; init; }

    /// <summary>Uncompressed (canonical JSON) size in bytes.</summary>
    public required long Size { get; init; }

    /// <summary>Compressed size in bytes.</summary>
    public required long CompressedSize { get; init; }

    /// <summary>The control plane's signature over version and hash; data planes apply nothing without a valid one.</summary>
    public string? Signature { get; init; }

    /// <summary>The plugins the version uses; a node lacking one refuses it without opening it. Null when not said.</summary>
    public IReadOnlyList<PluginRequirement>? RequiredPlugins { get; init; }

    /// <summary>The gzip-compressed canonical JSON (secret values sealed with the cluster key), or null when the snapshot must be fetched.</summary>
    public byte[]? Snapshot { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }
}
