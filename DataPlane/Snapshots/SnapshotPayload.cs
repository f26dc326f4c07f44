namespace HybridGateway.DataPlane.Snapshots;

/// <summary>
/// A snapshot as transported: its version, the SHA-256 of its canonical JSON, the control plane's signature over
/// both (null when the sender gave none: such a snapshot is refused), and the gzip bytes.
/// </summary>
internal sealed record SnapshotPayload(long Version, string Hash, string? Signature, byte[] Compressed);
