namespace HybridGateway.Shared.Snapshots;

/// <summary>A snapshot that cannot be used: corrupt, truncated, too large, or not matching its hash.</summary>
public sealed class SnapshotFormatException : Exception
{
    public SnapshotFormatException(string message)
        : base(message)
    {
    }

    public SnapshotFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
