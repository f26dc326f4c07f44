using System.Text.Json;
using HybridGateway.ControlPlane.Hosting;
using HybridGateway.ControlPlane.Store;
using HybridGateway.Shared.Configuration;
using HybridGateway.Shared.Plugins.Sdk;
using HybridGateway.Shared.Snapshots;
using HybridGateway.Shared.Validation;
using Microsoft.EntityFrameworkCore;

namespace HybridGateway.ControlPlane.Snapshots;

/// <summary>What one snapshot attempt did.</summary>
internal enum SnapshotOutcome
{
    UpToDate,
    Stored,
    Invalid,
    Raced,
}

/// <summary>
/// Turns committed changes into stored config versions. It wakes on <see cref="SnapshotSignal"/> (raised by every
/// commit) and on a short poll (changes made by another control-plane instance), reads the whole config at the
/// current revision, validates it with Shared's <see cref="ConfigValidator"/>, encodes it and stores it as the next
/// version. Changes committed while a snapshot is being built raise the signal again and land in the next version,
/// so bursts coalesce without any fixed debounce, and the first change after a quiet period is snapshotted at once.
/// </summary>
internal sealed partial class Snapshotter : BackgroundService
{
    private readonly ConfigReader _reader;
    private readonly GatewayDbFactory _dbs;
    private readonly SnapshotSignal _signal;
    private readonly PublishSignal _publish;
    private readonly TimeProvider _time;
    private readonly TimeSpan _pollInterval;
    private readonly ILogger<Snapshotter> _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly long _retain;
    private readonly SnapshotSealing _sealing;
    private readonly EntityKinds _kinds;
    private long _lastInvalidRevision = -1;

    // Once per process: the latest version is re-issued when it was sealed or signed with other keys.
    private bool _keysChecked;

    public Snapshotter(ConfigReader reader, GatewayDbFactory dbs, SnapshotSignal signal, PublishSignal publish, SnapshotSealing sealing, EntityKinds kinds, ControlPlaneSettings settings, TimeProvider time, ILogger<Snapshotter> logger)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _retain = settings.RetainVersions;
        ArgumentNullException.ThrowIfNull(sealing);
        ArgumentNullException.ThrowIfNull(kinds);
        _sealing = sealing;
        _kinds = kinds;
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(dbs);
        ArgumentNullException.ThrowIfNull(signal);
        ArgumentNullException.ThrowIfNull(publish);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(logger);
        _pollInterval = settings.SnapshotPollInterval;
        _reader = reader;
        _dbs = dbs;
        _signal = signal;
        _publish = publish;
        _time = time;
        _logger = logger;
    }

    public override void Dispose()
    {
        _gate.Dispose();
        base.Dispose();
    }

    /// <summary>Stores a new version when the store changed since the last stored one.</summary>
    public async Task<SnapshotOutcome> SnapshotAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            return await SnapshotCoreAsync(cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await SnapshotAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                Log.SnapshotFailed(_logger, ex);
            }

            await _signal.WaitAsync(_pollInterval, stoppingToken);
        }
    }

    private async Task<SnapshotOutcome> SnapshotCoreAsync(CancellationToken cancellationToken)
    {
        var reissue = false;
        await using (var db = _dbs.Create())
        {
            var revision = await db.ConfigState.Where(s => s.Id == 1).Select(s => s.Revision).SingleAsync(cancellationToken);
            var latest = await db.ConfigVersions.OrderByDescending(v => v.Version)
                .Select(v => new { v.Revision, v.Signature, v.ClusterKeyId })
                .FirstOrDefaultAsync(cancellationToken);
            if (!_keysChecked)
            {
                // A new signing key or cluster token: data planes could not verify or open the latest version, so
                // the same config is issued again as a new version under the keys they are given now.
                reissue = latest is not null && !_sealing.IsCurrent(latest.Signature, latest.ClusterKeyId);
                _keysChecked = true;
            }

            if (latest is not null && latest.Revision >= revision && !reissue)
            {
                return SnapshotOutcome.UpToDate;
            }
        }

        var (atRevision, config) = await _reader.ReadAsync(cancellationToken);
        var errors = ConfigValidator.Validate(config);
        if (errors.Count > 0)
        {
            if (Interlocked.Exchange(ref _lastInvalidRevision, atRevision) != atRevision)
            {
                Log.SnapshotInvalid(_logger, atRevision, errors.Count, string.Join("; ", errors.Take(5)));
            }

            return SnapshotOutcome.Invalid;
        }

        var encoded = SnapshotCodec.Encode(SnapshotSecrets.Seal(config, _sealing.ClusterKey, _kinds.Catalog));

        await using var store = _dbs.Create();
        await using var transaction = await store.Database.BeginTransactionAsync(System.Data.IsolationLevel.Serializable, cancellationToken);
        var last = await store.ConfigVersions.OrderByDescending(v => v.Version)
            .Select(v => new { v.Version, v.Revision })
            .FirstOrDefaultAsync(cancellationToken);
        if (last is not null && last.Revision >= atRevision && !reissue)
        {
            // Another instance stored this revision (or a newer one) while we rendered it.
            await transaction.RollbackAsync(cancellationToken);
            Log.SnapshotRaced(_logger, atRevision);
            return SnapshotOutcome.Raced;
        }

        var version = (last?.Version ?? 0) + 1;
        store.ConfigVersions.Add(new ConfigVersionRow
        {
            Version = version,
            Revision = atRevision,
            Hash = encoded.Hash,
            Size = encoded.Size,
            CompressedSize = encoded.Compressed.LongLength,
            Snapshot = encoded.Compressed,
            Signature = _sealing.Signer.Sign(version, encoded.Hash),
            ClusterKeyId = _sealing.ClusterKey.KeyId,
            RequiredPlugins = JsonSerializer.Serialize(PluginRequirements.Of(config), GatewayJson.Options),
            CreatedAt = _time.GetUtcNow().ToUnixTimeMilliseconds(),
        });
        await store.SaveChangesAsync(cancellationToken);

        // Old versions are only history: keep a window, never an unpublished one.
        var oldest = version - _retain;
        await store.ConfigVersions.Where(v => v.Version <= oldest && v.PublishedAt != null).ExecuteDeleteAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        _publish.Notify();
        Log.SnapshotStored(_logger, version, atRevision, encoded.Hash, encoded.Compressed.LongLength);
        return SnapshotOutcome.Stored;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = EventIds.SnapshotStored, EventName = nameof(EventIds.SnapshotStored), Level = LogLevel.Information, Message = "Stored config version {Version} (revision {Revision}, hash {Hash}, {CompressedSize} bytes compressed)")]
        public static partial void SnapshotStored(ILogger logger, long version, long revision, string hash, long compressedSize);

        [LoggerMessage(EventId = EventIds.SnapshotInvalid, EventName = nameof(EventIds.SnapshotInvalid), Level = LogLevel.Error, Message = "Config revision {Revision} failed validation with {Count} error(s) and was not stored: {Errors}")]
        public static partial void SnapshotInvalid(ILogger logger, long revision, int count, string errors);

        [LoggerMessage(EventId = EventIds.SnapshotFailed, EventName = nameof(EventIds.SnapshotFailed), Level = LogLevel.Error, Message = "Building a config snapshot failed; will retry")]
        public static partial void SnapshotFailed(ILogger logger, Exception exception);

        [LoggerMessage(EventId = EventIds.SnapshotRaced, EventName = nameof(EventIds.SnapshotRaced), Level = LogLevel.Debug, Message = "Config revision {Revision} was already stored by another instance")]
        public static partial void SnapshotRaced(ILogger logger, long revision);
    }
}
