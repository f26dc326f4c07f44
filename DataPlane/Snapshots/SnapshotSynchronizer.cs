using HybridGateway.DataPlane.Forwarding;
using HybridGateway.DataPlane.Heartbeat;
using HybridGateway.DataPlane.Logging;
using HybridGateway.DataPlane.Plugins;
using HybridGateway.DataPlane.Runtime;
using HybridGateway.DataPlane.Status;
using HybridGateway.Shared.Contracts;
using HybridGateway.Shared.Plugins.Sdk;
using HybridGateway.Shared.Snapshots;

namespace HybridGateway.DataPlane.Snapshots;

/// <summary>
/// Keeps this node on the newest config version: applies snapshots from the bus, fetches claim checks and
/// missed versions from the control plane, loads the disk cache at start-up. Applies run one at a time.
/// </summary>
internal sealed class SnapshotSynchronizer
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly IControlPlaneClient _controlPlane;
    private readonly SnapshotTrust _trust;
    private readonly SnapshotCache _cache;
    private readonly RuntimeBuilder _builder;
    private readonly IRuntimeActivator _activator;
    private readonly RuntimeHolder _holder;
    private readonly DataPlaneStatus _status;
    private readonly IHeartbeatTrigger _heartbeat;
    private readonly PluginRegistry _plugins;
    private readonly TimeProvider _time;
    private readonly ILogger<SnapshotSynchronizer> _logger;

    // A version that failed deterministically (same bytes) is not retried on every poll.
    private (long Version, string Hash)? _lastFailed;

    public SnapshotSynchronizer(
        IControlPlaneClient controlPlane,
        SnapshotTrust trust,
        SnapshotCache cache,
        RuntimeBuilder builder,
        IRuntimeActivator activator,
        RuntimeHolder holder,
        DataPlaneStatus status,
        IHeartbeatTrigger heartbeat,
        PluginRegistry plugins,
        TimeProvider time,
        ILogger<SnapshotSynchronizer> logger)
    {
        ArgumentNullException.ThrowIfNull(controlPlane);
        ArgumentNullException.ThrowIfNull(trust);
        _trust = trust;
        ArgumentNullException.ThrowIfNull(cache);
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(activator);
        ArgumentNullException.ThrowIfNull(holder);
        ArgumentNullException.ThrowIfNull(status);
        ArgumentNullException.ThrowIfNull(heartbeat);
        ArgumentNullException.ThrowIfNull(plugins);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        _controlPlane = controlPlane;
        _cache = cache;
        _builder = builder;
        _activator = activator;
        _holder = holder;
        _status = status;
        _heartbeat = heartbeat;
        _plugins = plugins;
        _time = time;
        _logger = logger;
    }

    /// <summary>Loads and applies the disk cache, if there is a usable one. Never throws for a bad cache.</summary>
    public async Task<bool> LoadCacheAsync(CancellationToken cancellationToken)
    {
        SnapshotPayload? payload;
        try
        {
            payload = _cache.TryRead();
        }
        catch (SnapshotFormatException ex)
        {
            _status.SetCacheStatus("corrupt: " + ex.Message);
            Log.CacheCorrupt(_logger, _cache.FilePath, ex.Message, null);
            return false;
        }

        if (payload is null)
        {
            _status.SetCacheStatus("none");
            Log.CacheMissing(_logger, _cache.FilePath, null);
            return false;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var applied = await ApplyCoreAsync(payload, ConfigSource.Cache, cancellationToken).ConfigureAwait(false);
            if (applied)
            {
                _status.SetCacheStatus("loaded");
                Log.CacheLoaded(_logger, payload.Version, SnapshotText.ShortHash(payload.Hash), null);
            }
            else if (_status.LastApplyError is { } error && error.Version == payload.Version)
            {
                _status.SetCacheStatus("refused: " + error.Message);
            }

            return applied;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Handles a version announced on the bus.</summary>
    public async Task HandlePublishedAsync(ConfigVersionPublished message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        try
        {
            // Decide under the gate; fetch outside it, so a slow control plane never holds up other applies.
            Decision decision;
            await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                decision = Decide(message);
                if (decision == Decision.ApplyInline)
                {
                    await ApplyCoreAsync(new SnapshotPayload(message.Version, message.Hash, message.Signature, message.Snapshot!), ConfigSource.Bus, cancellationToken).ConfigureAwait(false);
                    return;
                }
            }
            finally
            {
                _gate.Release();
            }

            switch (decision)
            {
                case Decision.FetchLatest:
                    await FetchLatestAsync(cancellationToken).ConfigureAwait(false);
                    break;
                case Decision.FetchVersion:
                    Log.ClaimCheckFetch(_logger, message.Version, null);
                    try
                    {
                        var payload = await _controlPlane.GetVersionAsync(message.Version, cancellationToken).ConfigureAwait(false);
                        await ApplyIfNewerAsync(payload, ConfigSource.Fetch, cancellationToken).ConfigureAwait(false);
                    }
                    catch (PluginsIncompatibleException ex)
                    {
                        await RefuseIncompatibleAsync(ex, cancellationToken).ConfigureAwait(false);
                    }

                    break;
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The periodic poll catches up later; the bus message itself must not be retried into an error queue.
            Log.FetchFailed(_logger, ex.Message, null);
        }
    }

    /// <summary>Fetches the latest version from the control plane and applies it if it is newer.</summary>
    /// <returns>False when the control plane could not be reached.</returns>
    public async Task<bool> FetchLatestAsync(CancellationToken cancellationToken)
    {
        try
        {
            var latest = await _controlPlane.GetLatestAsync(cancellationToken).ConfigureAwait(false);
            if (latest is null)
            {
                Log.NoVersionOnControlPlane(_logger, null);
                return true;
            }

            await ApplyIfNewerAsync(latest, ConfigSource.Fetch, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (PluginsIncompatibleException ex)
        {
            await RefuseIncompatibleAsync(ex, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Never let the background loop die: report, and let the caller retry later.
            Log.FetchFailed(_logger, ex.Message, null);
            return false;
        }
    }

    // Caller holds the gate.
    private Decision Decide(ConfigVersionPublished message)
    {
        var applied = _holder.Current?.Version;
        if (applied is { } current && message.Version <= current)
        {
            Log.VersionIgnored(_logger, message.Version, current, null);
            return Decision.Ignore;
        }

        if (_lastFailed is { } failed && failed.Version == message.Version && string.Equals(failed.Hash, message.Hash, StringComparison.OrdinalIgnoreCase))
        {
            // A duplicate of the version refused last: refusing it again would only repeat the same error.
            return Decision.Ignore;
        }

        // A version refused here counts as seen: the next one follows it without a gap.
        var seen = Math.Max(applied ?? 0, _lastFailed?.Version ?? 0);
        if (seen > 0 && applied is not null && message.Version != seen + 1)
        {
            // Something was missed (temporary queues lose messages while a node is away, and order is not
            // guaranteed). Only the control plane is trusted to say what the newest version is: a version far
            // ahead of ours (a rogue or buggy publisher) is never taken from the bus on trust.
            Log.VersionGap(_logger, seen, message.Version, null);
            return Decision.FetchLatest;
        }

        // The message says which plugins the version uses: one this node lacks means it cannot run it, so it is
        // refused without being opened (the control plane sends such versions as claim checks it will not redeem).
        if (message.RequiredPlugins is { } required && PluginRequirements.Unmet(_plugins.Infos, required) is { Count: > 0 } unmet)
        {
            RefuseIncompatible(message.Version, message.Hash, PluginRequirements.Refusal(message.Version, unmet));
            return Decision.Ignore;
        }

        return message.Snapshot is null ? Decision.FetchVersion : Decision.ApplyInline;
    }

    // Caller holds the gate. Reported like a failed apply (the last good config keeps serving), once per version.
    private void RefuseIncompatible(long version, string hash, string reason)
    {
        if (_lastFailed is { } failed && failed.Version == version && string.Equals(failed.Hash, hash, StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        _status.ApplyFailed(version, reason);
        _lastFailed = (version, hash);
        Log.ConfigApplyFailed(_logger, version, _holder.Current?.Version, reason, null);
        _heartbeat.Trigger();
    }

    // The control plane would not hand over a version: record the refusal under the gate.
    private async Task RefuseIncompatibleAsync(PluginsIncompatibleException refused, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_holder.Current?.Version is not { } current || refused.Version > current)
            {
                RefuseIncompatible(refused.Version, refused.Hash, refused.Message);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    // Applies a fetched snapshot unless something newer was applied while it was being fetched.
    private async Task ApplyIfNewerAsync(SnapshotPayload payload, ConfigSource source, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_holder.Current?.Version is { } current && payload.Version <= current)
            {
                return;
            }

            if (_lastFailed is { } failed && failed.Version == payload.Version && string.Equals(failed.Hash, payload.Hash, StringComparison.Ordinal))
            {
                // Refused before with the same bytes: refusing again would only repeat the same error.
                return;
            }

            Log.FetchedLatest(_logger, payload.Version, null);
            await ApplyCoreAsync(payload, source, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    // Caller holds the gate.
    private async Task<bool> ApplyCoreAsync(SnapshotPayload payload, ConfigSource source, CancellationToken cancellationToken)
    {
        var current = _holder.Current;
        var started = _time.GetTimestamp();
        try
        {
            ActiveConfig next;
            if (current is not null && string.Equals(current.Hash, payload.Hash, StringComparison.OrdinalIgnoreCase))
            {
                // Same content under a newer version: nothing to rebuild, but the node now runs the newer version.
                // Signature and bytes are still checked, so a forged or corrupt payload is never written to the cache.
                _trust.Verify(payload);
                SnapshotCodec.Decode(payload.Compressed, payload.Hash);
                next = current with { Version = payload.Version, AppliedAt = _time.GetUtcNow(), Source = source };
                Log.ConfigUnchanged(_logger, payload.Version, null);
            }
            else
            {
                var config = _trust.Open(payload);
                var runtime = _builder.Build(config);
                runtime = await _activator.ActivateAsync(runtime, payload.Version, cancellationToken).ConfigureAwait(false);
                next = new ActiveConfig(runtime, payload.Version, payload.Hash, _time.GetUtcNow(), source);
            }

            _holder.Swap(next);
            _status.ApplySucceeded();
            _lastFailed = null;
            Log.ConfigApplied(_logger, payload.Version, SnapshotText.ShortHash(payload.Hash), source.ToString(), _time.GetElapsedTime(started).TotalMilliseconds, null);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Whatever went wrong, the last good runtime keeps serving; the failure is reported, never thrown.
            _status.ApplyFailed(payload.Version, ex.Message);
            _lastFailed = (payload.Version, payload.Hash);
            Log.ConfigApplyFailed(_logger, payload.Version, current?.Version, ex.Message, null);
            _heartbeat.Trigger();
            return false;
        }

        if (source != ConfigSource.Cache)
        {
            try
            {
                _cache.Write(payload);
                _status.SetCacheStatus("written");
                Log.CacheWritten(_logger, payload.Version, null);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                _status.SetCacheStatus("write failed: " + ex.Message);
                Log.CacheWriteFailed(_logger, _cache.FilePath, ex.Message, null);
            }
        }

        _heartbeat.Trigger();
        return true;
    }

    private enum Decision
    {
        Ignore,
        ApplyInline,
        FetchVersion,
        FetchLatest,
    }

    private static class Log
    {
        public static readonly Action<ILogger, string, string, Exception?> CacheCorrupt =
            LoggerMessage.Define<string, string>(LogLevel.Error, EventIds.CacheCorrupt, "Disk cache {Path} refused: {Reason}");

        public static readonly Action<ILogger, string, Exception?> CacheMissing =
            LoggerMessage.Define<string>(LogLevel.Information, EventIds.CacheMissing, "No disk cache at {Path}");

        public static readonly Action<ILogger, long, string, Exception?> CacheLoaded =
            LoggerMessage.Define<long, string>(LogLevel.Information, EventIds.CacheLoaded, "Serving version {Version} ({Hash}) from the disk cache");

        public static readonly Action<ILogger, long, Exception?> CacheWritten =
            LoggerMessage.Define<long>(LogLevel.Debug, EventIds.CacheWritten, "Version {Version} written to the disk cache");

        public static readonly Action<ILogger, string, string, Exception?> CacheWriteFailed =
            LoggerMessage.Define<string, string>(LogLevel.Error, EventIds.CacheWriteFailed, "Could not write the disk cache {Path}: {Reason}");

        public static readonly Action<ILogger, long, long, Exception?> VersionIgnored =
            LoggerMessage.Define<long, long>(LogLevel.Debug, EventIds.VersionIgnored, "Ignoring version {Version}: already running {Applied}");

        public static readonly Action<ILogger, long, long, Exception?> VersionGap =
            LoggerMessage.Define<long, long>(LogLevel.Information, EventIds.VersionGap, "Running version {Applied} but received {Version}: fetching the latest");

        public static readonly Action<ILogger, long, Exception?> ClaimCheckFetch =
            LoggerMessage.Define<long>(LogLevel.Debug, EventIds.ClaimCheckFetch, "Version {Version} arrived as a claim check: fetching it");

        public static readonly Action<ILogger, string, Exception?> FetchFailed =
            LoggerMessage.Define<string>(LogLevel.Warning, EventIds.FetchFailed, "Could not fetch from the control plane: {Reason}");

        public static readonly Action<ILogger, Exception?> NoVersionOnControlPlane =
            LoggerMessage.Define(LogLevel.Information, EventIds.NoVersionOnControlPlane, "The control plane has no config version yet");

        public static readonly Action<ILogger, long, Exception?> FetchedLatest =
            LoggerMessage.Define<long>(LogLevel.Information, EventIds.FetchedLatest, "Applying version {Version} fetched from the control plane");

        public static readonly Action<ILogger, long, string, string, double, Exception?> ConfigApplied =
            LoggerMessage.Define<long, string, string, double>(LogLevel.Information, EventIds.ConfigApplied, "Applied config version {Version} ({Hash}) from {Source} in {ElapsedMs:0.0} ms");

        public static readonly Action<ILogger, long, long?, string, Exception?> ConfigApplyFailed =
            LoggerMessage.Define<long, long?, string>(LogLevel.Error, EventIds.ConfigApplyFailed, "Config version {Version} refused; still serving {Applied}: {Reason}");

        public static readonly Action<ILogger, long, Exception?> ConfigUnchanged =
            LoggerMessage.Define<long>(LogLevel.Information, EventIds.ConfigUnchanged, "Version {Version} has the content already served; version updated only");
    }
}
