using System.Text.Json;
using HybridGateway.ControlPlane.Hosting;
using HybridGateway.ControlPlane.Snapshots;
using HybridGateway.ControlPlane.Store;
using HybridGateway.Shared.Configuration;
using HybridGateway.Shared.Contracts;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace HybridGateway.ControlPlane.Publishing;

/// <summary>
/// The outbox: publishes every stored version newer than the last published one, in order, and marks it published.
/// The stored versions are the outbox table, so a broker outage or a restart only delays publication. Several
/// control-plane instances may publish the same version; data planes ignore versions they already have.
/// </summary>
internal sealed partial class SnapshotPublisher : BackgroundService
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(2);
    public static readonly TimeSpan PublishTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(10);

    private readonly GatewayDbFactory _dbs;
    private readonly IPublishEndpoint _bus;
    private readonly PublishSignal _signal;
    private readonly ControlPlaneSettings _settings;
    private readonly TimeProvider _time;
    private readonly ILogger<SnapshotPublisher> _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);

    public SnapshotPublisher(GatewayDbFactory dbs, IPublishEndpoint bus, PublishSignal signal, ControlPlaneSettings settings, TimeProvider time, ILogger<SnapshotPublisher> logger)
    {
        ArgumentNullException.ThrowIfNull(dbs);
        ArgumentNullException.ThrowIfNull(bus);
        ArgumentNullException.ThrowIfNull(signal);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        _dbs = dbs;
        _bus = bus;
        _signal = signal;
        _settings = settings;
        _time = time;
        _logger = logger;
    }

    /// <summary>
    /// The message for a stored version: inline when small enough and every node can run it
    /// (<see cref="SnapshotRequirements.FitsEveryNode"/>), else a claim check.
    /// </summary>
    public static ConfigVersionPublished ToMessage(ConfigVersionRow row, long inlineLimitBytes, IEnumerable<IReadOnlyList<PluginInfo>> nodePlugins)
    {
        ArgumentNullException.ThrowIfNull(row);
        var required = SnapshotRequirements.Of(row);
        var inline = row.CompressedSize <= inlineLimitBytes && SnapshotRequirements.FitsEveryNode(required, nodePlugins);
        return new ConfigVersionPublished
        {
            Version = row.Version,
            Hash = row.Hash,
            Size = row.Size,
            CompressedSize = row.CompressedSize,
            Signature = row.Signature,
            RequiredPlugins = required,
            Snapshot = inline ? row.Snapshot : null,
            CreatedAt = DateTimeOffset.FromUnixTimeMilliseconds(row.CreatedAt),
        };
    }

    public override void Dispose()
    {
        _gate.Dispose();
        base.Dispose();
    }

    /// <summary>Publishes whatever is pending; returns how many versions were published.</summary>
    public async Task<int> PublishPendingAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var published = 0;
            while (true)
            {
                await using var db = _dbs.Create();
                var lastPublished = await db.ConfigVersions.Where(v => v.PublishedAt != null).MaxAsync(v => (long?)v.Version, cancellationToken) ?? 0;
                var pending = await db.ConfigVersions.AsNoTracking()
                    .Where(v => v.Version > lastPublished)
                    .OrderBy(v => v.Version)
                    .Take(8)
                    .ToListAsync(cancellationToken);
                if (pending.Count == 0)
                {
                    return published;
                }

                var nodePlugins = await RecentNodePluginsAsync(db, cancellationToken);
                foreach (var row in pending)
                {
                    using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                    timeout.CancelAfter(PublishTimeout);
                    var message = ToMessage(row, _settings.InlineLimitBytes, nodePlugins);
                    await _bus.Publish(message, timeout.Token);

                    var version = row.Version;
                    var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
                    await db.ConfigVersions.Where(v => v.Version == version && v.PublishedAt == null)
                        .ExecuteUpdateAsync(s => s.SetProperty(v => v.PublishedAt, now), cancellationToken);
                    published++;
                    Log.VersionPublished(_logger, row.Version, row.Hash, message.Snapshot is not null);
                }
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    // The plugins of every node not offline: whom an inline snapshot would reach.
    private async Task<List<IReadOnlyList<PluginInfo>>> RecentNodePluginsAsync(GatewayDbContext db, CancellationToken cancellationToken)
    {
        var since = (_time.GetUtcNow() - _settings.OfflineAfter).ToUnixTimeMilliseconds();
        var rows = await db.DataPlaneNodes.AsNoTracking().Where(n => n.LastSeen >= since).Select(n => n.PluginsJson).ToListAsync(cancellationToken);
        return [.. rows.Select(json => (IReadOnlyList<PluginInfo>)(JsonSerializer.Deserialize<List<PluginInfo>>(json, GatewayJson.Options) ?? []))];
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var backoff = TimeSpan.FromMilliseconds(500);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await PublishPendingAsync(stoppingToken);
                backoff = TimeSpan.FromMilliseconds(500);
                await _signal.WaitAsync(PollInterval, stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // Broker or database unavailable: the versions stay pending and are retried, never dropped.
                Log.PublishFailed(_logger, backoff.TotalSeconds, ex);
                await Task.Delay(backoff, stoppingToken);
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = EventIds.VersionPublished, EventName = nameof(EventIds.VersionPublished), Level = LogLevel.Information, Message = "Published config version {Version} (hash {Hash}, inline {Inline})")]
        public static partial void VersionPublished(ILogger logger, long version, string hash, bool inline);

        [LoggerMessage(EventId = EventIds.PublishFailed, EventName = nameof(EventIds.PublishFailed), Level = LogLevel.Warning, Message = "Publishing config versions failed; retrying in {DelaySeconds} s")]
        public static partial void PublishFailed(ILogger logger, double delaySeconds, Exception exception);
    }
}
