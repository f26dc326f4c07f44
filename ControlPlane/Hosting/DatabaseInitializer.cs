using HybridGateway.ControlPlane.Store;
using Microsoft.EntityFrameworkCore;

namespace HybridGateway.ControlPlane.Hosting;

/// <summary>
/// Applies the provider's migrations before anything else starts (hosted services start in registration order,
/// and before Kestrel accepts requests), and puts SQLite in WAL mode so readers never wait for the writer.
/// </summary>
internal sealed partial class DatabaseInitializer : IHostedService
{
    private readonly GatewayDbFactory _dbs;
    private readonly ControlPlaneSettings _settings;
    private readonly ILogger<DatabaseInitializer> _logger;

    public DatabaseInitializer(GatewayDbFactory dbs, ControlPlaneSettings settings, ILogger<DatabaseInitializer> logger)
    {
        ArgumentNullException.ThrowIfNull(dbs);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(logger);
        _dbs = dbs;
        _settings = settings;
        _logger = logger;
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
        Log.ClusterToken(_logger, _settings.ClusterTokenSource);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static partial class Log
    {
        [LoggerMessage(EventId = EventIds.DatabaseMigrated, EventName = nameof(EventIds.DatabaseMigrated), Level = LogLevel.Information, Message = "Database ({Provider}) is migrated")]
        public static partial void Migrated(ILogger logger, string provider);

        [LoggerMessage(EventId = EventIds.ClusterTokenLoaded, EventName = nameof(EventIds.ClusterTokenLoaded), Level = LogLevel.Information, Message = "Cluster token from {Source}")]
        public static partial void ClusterToken(ILogger logger, string source);
    }
}
