using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace HybridGateway.ControlPlane.Store;

/// <summary>
/// Lets SQLite itself wait for a busy database (its busy handler backs off 1, 2, 5, 10… ms) instead of
/// Microsoft.Data.Sqlite's retry loop, which sleeps 150 ms per attempt: an Admin API write that meets the
/// snapshotter or a heartbeat then waits a few milliseconds, not 150.
/// </summary>
internal sealed class SqliteBusyTimeoutInterceptor : DbConnectionInterceptor
{
    public const int BusyTimeoutMilliseconds = 30_000;

    public static SqliteBusyTimeoutInterceptor Instance { get; } = new();

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        ArgumentNullException.ThrowIfNull(connection);
        using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA busy_timeout = {BusyTimeoutMilliseconds};";
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        await using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA busy_timeout = {BusyTimeoutMilliseconds};";
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
