namespace HybridGateway.DataPlane.Snapshots;

/// <summary>How snapshots are named in logs: a short hash prefix, never the content.</summary>
internal static class SnapshotText
{
    public static string ShortHash(string hash) => hash.Length > 12 ? hash[..12] : hash;
}
