using HybridGateway.DataPlane.Hosting;
using HybridGateway.DataPlane.Runtime;

namespace HybridGateway.DataPlane.Snapshots;

/// <summary>
/// Start-up and safety net: serves the disk cache before the node takes traffic, then fetches the latest version
/// in the background (with backoff while the control plane is down) and polls it periodically in case the bus
/// missed something.
/// </summary>
internal sealed class SnapshotSyncService : IHostedService, IDisposable
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);

    private readonly SnapshotSynchronizer _synchronizer;
    private readonly RuntimeBuilder _builder;
    private readonly DataPlaneSettings _settings;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _stopping = new();
    private Task? _loop;

    public SnapshotSyncService(SnapshotSynchronizer synchronizer, RuntimeBuilder builder, DataPlaneSettings settings, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(synchronizer);
        ArgumentNullException.ThrowIfNull(builder);
        _builder = builder;
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(time);
        _synchronizer = synchronizer;
        _settings = settings;
        _time = time;
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await _synchronizer.LoadCacheAsync(cancellationToken).ConfigureAwait(false);
        _loop = Task.Run(() => RunAsync(_stopping.Token), CancellationToken.None);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_loop is not null)
        {
            await _loop.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public void Dispose() => _stopping.Dispose();

    private async Task RunAsync(CancellationToken stopping)
    {
        try
        {
            try
            {
                RuntimeWarmup.Run(_builder);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Warm-up is an optimisation only; a real apply reports real problems.
            }

            // Catch up with the control plane: retry with exponential backoff until it answers.
            var backoff = TimeSpan.FromMilliseconds(500);
            while (!await _synchronizer.FetchLatestAsync(stopping).ConfigureAwait(false))
            {
                await Task.Delay(backoff, _time, stopping).ConfigureAwait(false);
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
            }

            using var timer = new PeriodicTimer(_settings.PollInterval, _time);
            while (await timer.WaitForNextTickAsync(stopping).ConfigureAwait(false))
            {
                await _synchronizer.FetchLatestAsync(stopping).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
    }
}
