namespace HybridGateway.DataPlane.Status;

/// <summary>The most recent failed apply (cleared by the next successful one).</summary>
internal sealed record ApplyError(long Version, string Message, DateTimeOffset At);

/// <summary>What the status endpoint and the heartbeat report beyond the active config.</summary>
internal sealed class DataPlaneStatus
{
    private volatile ApplyError? _lastApplyError;
    private volatile string _cacheStatus = "none";

    /// <summary>The error of the most recent failed apply after the last successful one, or null.</summary>
    public ApplyError? LastApplyError => _lastApplyError;

    /// <summary>The disk cache's state: none, loaded, written, corrupt: …, write failed: ….</summary>
    public string CacheStatus => _cacheStatus;

    public void ApplyFailed(long version, string message) => _lastApplyError = new ApplyError(version, message, DateTimeOffset.UtcNow);

    public void ApplySucceeded() => _lastApplyError = null;

    public void SetCacheStatus(string status) => _cacheStatus = status;
}
