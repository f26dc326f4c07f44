namespace HybridGateway.ControlPlane.Hosting;

/// <summary>Every log event id of the control plane, in one place so ids never collide (constants for <c>[LoggerMessage]</c>).</summary>
internal static class EventIds
{
    public const int ClusterTokenLoaded = 2;
    public const int DatabaseMigrated = 3;
    public const int UnexpectedError = 4;
    public const int WarmUpFailed = 5;
    public const int SecretsKeyLoaded = 6;
    public const int SnapshotKeysLoaded = 7;

    public const int SnapshotStored = 20;
    public const int SnapshotInvalid = 21;
    public const int SnapshotFailed = 22;
    public const int SnapshotRaced = 23;

    public const int VersionPublished = 40;
    public const int PublishFailed = 41;

    public const int DataPlaneReported = 60;
    public const int DataPlaneReportIgnored = 61;
}
