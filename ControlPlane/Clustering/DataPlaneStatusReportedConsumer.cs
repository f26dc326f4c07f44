using System.Text.Json;
using HybridGateway.ControlPlane.Hosting;
using HybridGateway.ControlPlane.Store;
using HybridGateway.Shared.Configuration;
using HybridGateway.Shared.Contracts;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace HybridGateway.ControlPlane.Clustering;

/// <summary>
/// Records data-plane heartbeats. The queue is named and durable, shared by every control-plane instance
/// (competing consumers): any instance may record a heartbeat, all of them read the same table.
/// </summary>
internal sealed partial class DataPlaneStatusReportedConsumer : IConsumer<DataPlaneStatusReported>
{
    public const string QueueName = "control-plane-data-plane-status";

    private readonly GatewayDbFactory _dbs;
    private readonly TimeProvider _time;
    private readonly ILogger<DataPlaneStatusReportedConsumer> _logger;

    public DataPlaneStatusReportedConsumer(GatewayDbFactory dbs, TimeProvider time, ILogger<DataPlaneStatusReportedConsumer> logger)
    {
        ArgumentNullException.ThrowIfNull(dbs);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        _dbs = dbs;
        _time = time;
        _logger = logger;
    }

    public async Task Consume(ConsumeContext<DataPlaneStatusReported> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var report = context.Message;
        await RecordAsync(report, context.CancellationToken);
    }

    public async Task RecordAsync(DataPlaneStatusReported report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        await using var db = _dbs.Create();
        var id = report.NodeId.ToString();
        var reportedAt = report.ReportedAt.ToUnixTimeMilliseconds();
        var row = await db.DataPlaneNodes.SingleOrDefaultAsync(n => n.Id == id, cancellationToken);
        if (row is null)
        {
            row = new DataPlaneNodeRow { Id = id };
            db.DataPlaneNodes.Add(row);
        }
        else if (row.ReportedAt > reportedAt)
        {
            // Heartbeats can overtake each other on the bus; an older one must not undo a newer one.
            Log.ReportIgnored(_logger, report.NodeId);
            return;
        }

        row.Hostname = Truncate(report.Hostname, 450);
        row.SoftwareVersion = Truncate(report.SoftwareVersion, 128);
        row.AppliedVersion = report.AppliedVersion;
        row.AppliedHash = report.AppliedHash is null ? null : Truncate(report.AppliedHash, 64);
        row.LastApplyError = report.LastApplyError is null ? null : Truncate(report.LastApplyError, 4000);
        row.LastFailedVersion = report.LastFailedVersion;
        row.PluginsJson = JsonSerializer.Serialize(report.Plugins, GatewayJson.Options);
        row.PluginErrorsJson = JsonSerializer.Serialize(report.PluginErrors.Take(100).Select(e => e with { Path = Truncate(e.Path, 1000), Message = Truncate(e.Message, 2000) }), GatewayJson.Options);
        row.ReportedAt = reportedAt;
        row.LastSeen = _time.GetUtcNow().ToUnixTimeMilliseconds();
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Two instances inserted the same new node at once: the other one's row is as good as ours.
        }

        Log.Reported(_logger, report.NodeId, report.Hostname, report.AppliedVersion);
    }

    private static string Truncate(string value, int length) => value.Length <= length ? value : value[..length];

    private static partial class Log
    {
        [LoggerMessage(EventId = EventIds.DataPlaneReported, EventName = nameof(EventIds.DataPlaneReported), Level = LogLevel.Debug, Message = "Data plane {NodeId} ({Hostname}) reported version {Version}")]
        public static partial void Reported(ILogger logger, Guid nodeId, string hostname, long? version);

        [LoggerMessage(EventId = EventIds.DataPlaneReportIgnored, EventName = nameof(EventIds.DataPlaneReportIgnored), Level = LogLevel.Debug, Message = "Ignored an out-of-order heartbeat of data plane {NodeId}")]
        public static partial void ReportIgnored(ILogger logger, Guid nodeId);
    }
}
