namespace HybridGateway.DataPlane.Logging;

/// <summary>Every event id the data plane logs with, in one place so ids never collide.</summary>
internal static class EventIds
{
    // Start-up and settings: 1xx
    public static readonly EventId SettingsLoaded = new(100, nameof(SettingsLoaded));
    public static readonly EventId NodeIdCreated = new(101, nameof(NodeIdCreated));
    public static readonly EventId TlsCertificateLoaded = new(102, nameof(TlsCertificateLoaded));
    public static readonly EventId TlsCertificateGenerated = new(103, nameof(TlsCertificateGenerated));

    // Disk cache: 2xx
    public static readonly EventId CacheLoaded = new(200, nameof(CacheLoaded));
    public static readonly EventId CacheMissing = new(201, nameof(CacheMissing));
    public static readonly EventId CacheCorrupt = new(202, nameof(CacheCorrupt));
    public static readonly EventId CacheWritten = new(203, nameof(CacheWritten));
    public static readonly EventId CacheWriteFailed = new(204, nameof(CacheWriteFailed));

    // Snapshot protocol: 3xx
    public static readonly EventId VersionIgnored = new(300, nameof(VersionIgnored));
    public static readonly EventId VersionGap = new(301, nameof(VersionGap));
    public static readonly EventId ClaimCheckFetch = new(302, nameof(ClaimCheckFetch));
    public static readonly EventId FetchFailed = new(303, nameof(FetchFailed));
    public static readonly EventId NoVersionOnControlPlane = new(304, nameof(NoVersionOnControlPlane));
    public static readonly EventId FetchedLatest = new(305, nameof(FetchedLatest));

    // Apply: 4xx
    public static readonly EventId ConfigApplied = new(400, nameof(ConfigApplied));
    public static readonly EventId ConfigApplyFailed = new(401, nameof(ConfigApplyFailed));
    public static readonly EventId ConfigUnchanged = new(402, nameof(ConfigUnchanged));
    public static readonly EventId ProxyConfigApplied = new(403, nameof(ProxyConfigApplied));
    public static readonly EventId ProxyConfigFailed = new(404, nameof(ProxyConfigFailed));

    // Heartbeat: 5xx
    public static readonly EventId HeartbeatFailed = new(500, nameof(HeartbeatFailed));

    // Request path: 6xx
    public static readonly EventId UpstreamError = new(600, nameof(UpstreamError));
    public static readonly EventId ConnectRetry = new(601, nameof(ConnectRetry));
    public static readonly EventId PluginFailed = new(602, nameof(PluginFailed));
    public static readonly EventId SigningKeyUnavailable = new(603, nameof(SigningKeyUnavailable));

    // Custom plugins: 7xx
    public static readonly EventId CustomPluginsNotFound = new(700, nameof(CustomPluginsNotFound));
    public static readonly EventId CustomPluginLoaded = new(701, nameof(CustomPluginLoaded));
    public static readonly EventId CustomPluginSkipped = new(702, nameof(CustomPluginSkipped));
}
