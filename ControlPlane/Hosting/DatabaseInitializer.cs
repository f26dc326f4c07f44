using HybridGateway.ControlPlane.Store;
using HybridGateway.Shared.Secrets;
using Microsoft.EntityFrameworkCore;

namespace HybridGateway.ControlPlane.Hosting;

/// <summary>
/// Applies the provider's migrations before anything else starts (hosted services start in registration order,
/// and before Kestrel accepts requests), puts SQLite in WAL mode so readers never wait for the writer, and warms
/// up the write path (rolled back) so the first Admin API change is as fast as the rest.
/// </summary>
internal sealed partial class DatabaseInitializer : IHostedService
{
    private readonly GatewayDbFactory _dbs;
    private readonly EntityStore _store;
    private readonly ControlPlaneSettings _settings;
    private readonly ILogger<DatabaseInitializer> _logger;
    private readonly SecretProtector _protector;
    private readonly Snapshots.SnapshotSealing _sealing;

    private readonly StoredPluginCatalog _plugins;

    public DatabaseInitializer(GatewayDbFactory dbs, EntityStore store, ControlPlaneSettings settings, SecretProtector protector, Snapshots.SnapshotSealing sealing, StoredPluginCatalog plugins, ILogger<DatabaseInitializer> logger)
    {
        ArgumentNullException.ThrowIfNull(plugins);
        _plugins = plugins;
        ArgumentNullException.ThrowIfNull(sealing);
        _sealing = sealing;
        ArgumentNullException.ThrowIfNull(dbs);
        ArgumentNullException.ThrowIfNull(store);
        _store = store;
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(logger);
        _dbs = dbs;
        _settings = settings;
        _logger = logger;
        ArgumentNullException.ThrowIfNull(protector);
        _protector = protector;
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var db = _dbs.Create();
        if (_dbs.Provider == DatabaseProvider.Sqlite)
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }

        await db.Database.MigrateAsync(cancellationToken);
        Log.Migrated(_logger, _settings.DatabaseProvider.ToString());
        await _plugins.RefreshAsync(db, cancellationToken);
        Log.ClusterToken(_logger, _settings.ClusterTokenSource);
        Log.SecretsKey(_logger, _protector.KeyId, _settings.SecretsKeySource);
        Log.SnapshotKeys(_logger, _sealing.Signer.KeyId, _settings.SigningKeySource, Path.Combine(_settings.DataDir, ControlPlaneSettings.SigningPublicKeyFileName), _sealing.ClusterKey.KeyId);

        try
        {
            await _store.WarmUpAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Only a warm-up: the real requests will report whatever is wrong.
            Log.WarmUpFailed(_logger, ex);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static partial class Log
    {
        [LoggerMessage(EventId = EventIds.DatabaseMigrated, EventName = nameof(EventIds.DatabaseMigrated), Level = LogLevel.Information, Message = "Database ({Provider}) is migrated")]
        public static partial void Migrated(ILogger logger, string provider);

        [LoggerMessage(EventId = EventIds.WarmUpFailed, EventName = nameof(EventIds.WarmUpFailed), Level = LogLevel.Warning, Message = "Warming up the Admin API write path failed")]
        public static partial void WarmUpFailed(ILogger logger, Exception exception);

        [LoggerMessage(EventId = EventIds.ClusterTokenLoaded, EventName = nameof(EventIds.ClusterTokenLoaded), Level = LogLevel.Information, Message = "Cluster token from {Source}")]
        public static partial void ClusterToken(ILogger logger, string source);

        // The key id is a hash prefix that tells keys apart; the key itself is never logged.
        [LoggerMessage(EventId = EventIds.SecretsKeyLoaded, EventName = nameof(EventIds.SecretsKeyLoaded), Level = LogLevel.Information, Message = "Secrets data key {KeyId} from {Source}")]
        public static partial void SecretsKey(ILogger logger, string keyId, string source);

        [LoggerMessage(EventId = EventIds.SnapshotKeysLoaded, EventName = nameof(EventIds.SnapshotKeysLoaded), Level = LogLevel.Information, Message = "Snapshots are signed with key {SigningKeyId} from {Source} (data planes trust its public key, {PublicKeyFile}) and their secrets sealed with cluster key {ClusterKeyId}")]
        public static partial void SnapshotKeys(ILogger logger, string signingKeyId, string source, string publicKeyFile, string clusterKeyId);
    }
}
