namespace HybridGateway.Shared.Snapshots;

/// <summary>
/// A configuration rendered for transport and storage.
/// </summary>
/// <param name="Hash">Lower-case hex SHA-256 of the canonical JSON (the uncompressed bytes).</param>
/// <param name="Size">Length of the canonical JSON in bytes.</param>
/// <param name="Compressed">The canonical JSON, gzip-compressed.</param>
public sealed record EncodedSnapshot(string Hash, long Size, byte[] Compressed);
