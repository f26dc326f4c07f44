namespace HybridGateway.DataPlane.Snapshots;

/// <summary>A snapshot as transported: its version, the SHA-256 of its canonical JSON, and the gzip bytes.</summary>
internal sealed record SnapshotPayload(long Version, string Hash, byte[] Compressed);
