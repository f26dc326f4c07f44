using System.Threading.Channels;
using HybridGateway.DataPlane.Hosting;
using HybridGateway.DataPlane.Logging;
using HybridGateway.DataPlane.Plugins;
using HybridGateway.DataPlane.Runtime;
using HybridGateway.DataPlane.Status;
using HybridGateway.Shared.Contracts;
using MassTransit;

namespace HybridGateway.DataPlane.Heartbeat;

/// <summary>
/// Publishes <see cref="DataPlaneStatusReported"/> every <c>Heartbeat:IntervalSeconds</c> and right after every apply.
/// A broker outage delays heartbeats; it never blocks applies or requests.
/// </summary>
internal sealed class HeartbeatService : BackgroundService, IHeartbeatTrigger
{
    private static readonly TimeSpan PublishTimeout = TimeSpan.FromSeconds(5);

    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly IServiceProvider _services;
    private readonly DataPlaneSettings _settings;
    private readonly TimeProvider _time;
    private readonly ILogger<HeartbeatService> _logger;

    public HeartbeatService(IServiceProvider services, DataPlaneSettings settings, TimeProvider time, ILogger<HeartbeatService> logger)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        _services = services;
        _settings = settings;
        _time = time;
        _logger = logger;
    }

    public void Trigger() => _wake.Writer.TryWrite(true);

    /// <summary>The heartbeat as it would be sent now.</summary>
    public static DataPlaneStatusReported Build(NodeIdentity node, RuntimeHolder holder, DataPlaneStatus status, PluginRegistry plugins, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(holder);
        ArgumentNullException.ThrowIfNull(status);
        ArgumentNullException.ThrowIfNull(plugins);
        ArgumentNullException.ThrowIfNull(time);
        var active = holder.Current;
        var error = status.LastApplyError;
        return new DataPlaneStatusReported
        {
            NodeId = node.NodeId,
            Hostname = node.Hostname,
            SoftwareVersion = node.SoftwareVersion,
            AppliedVersion = active?.Version,
            AppliedHash = active?.Hash,
            Plugins = plugins.Infos,
            PluginErrors = plugins.LoadErrors,
            LastApplyError = error?.Message,
            LastFailedVersion = error?.Version,
            ReportedAt = time.GetUtcNow(),
        };
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var node = _services.GetRequiredService<NodeIdentity>();
        var holder = _services.GetRequiredService<RuntimeHolder>();
        var status = _services.GetRequiredService<DataPlaneStatus>();
        var plugins = _services.GetRequiredService<PluginRegistry>();
        var bus = _services.GetRequiredService<IBus>();

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                timeout.CancelAfter(PublishTimeout);
                await bus.Publish(Build(node, holder, status, plugins, _time), timeout.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                Log.HeartbeatFailed(_logger, ex.Message, null);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            // Wait for the interval, or for an apply to ask for an immediate heartbeat.
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            wait.CancelAfter(_settings.HeartbeatInterval);
            try
            {
                await _wake.Reader.ReadAsync(wait.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
            {
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private static class Log
    {
        public static readonly Action<ILogger, string, Exception?> HeartbeatFailed =
            LoggerMessage.Define<string>(LogLevel.Warning, EventIds.HeartbeatFailed, "Heartbeat not published: {Reason}");
    }
}
