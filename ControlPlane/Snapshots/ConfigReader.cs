using System.Data;
using System.Text.Json;
using System.Text.Json.Nodes;
using HybridGateway.ControlPlane.Hosting;
using HybridGateway.ControlPlane.Store;
using HybridGateway.Shared.Configuration;
using HybridGateway.Shared.Secrets;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace HybridGateway.ControlPlane.Snapshots;

/// <summary>A whole configuration as of one config revision.</summary>
internal sealed record ConfigAtRevision(long Revision, GatewayConfig Config);

/// <summary>
/// Reads every entity and the revision in one serializable transaction, so the rendered configuration is exactly
/// the state after revision N (never half of a change). A failed read throws: it never turns into an empty config.
/// Secret values stored encrypted (private keys) are decrypted: the configuration is the real one, for snapshots.
/// </summary>
internal sealed class ConfigReader
{
    private readonly GatewayDbFactory _dbs;
    private readonly EntityKinds _kinds;
    private readonly SecretProtector _protector;

    public ConfigReader(GatewayDbFactory dbs, EntityKinds kinds, SecretProtector protector)
    {
        ArgumentNullException.ThrowIfNull(dbs);
        ArgumentNullException.ThrowIfNull(kinds);
        ArgumentNullException.ThrowIfNull(protector);
        _dbs = dbs;
        _kinds = kinds;
        _protector = protector;
    }

    public async Task<ConfigAtRevision> ReadAsync(CancellationToken cancellationToken)
    {
        await using var db = _dbs.Create();
        await using var owned = await BeginReadAsync(db, cancellationToken);
        var transaction = db.Database.CurrentTransaction!;
        var revision = await db.ConfigState.Where(s => s.Id == 1).Select(s => s.Revision).SingleAsync(cancellationToken);
        var services = await _kinds.Services.AllDocumentsAsync(db, cancellationToken);
        var routes = await _kinds.Routes.AllDocumentsAsync(db, cancellationToken);
        var consumers = await _kinds.Consumers.AllDocumentsAsync(db, cancellationToken);
        var plugins = await _kinds.Plugins.AllDocumentsAsync(db, cancellationToken);
        var keyAuth = await _kinds.KeyAuthCredentials.AllDocumentsAsync(db, cancellationToken);
        var jwtSecrets = await _kinds.JwtSecrets.AllDocumentsAsync(db, cancellationToken);
        var basicAuth = await _kinds.BasicAuthCredentials.AllDocumentsAsync(db, cancellationToken);
        var keySets = await _kinds.KeySets.AllDocumentsAsync(db, cancellationToken);
        var keys = await _kinds.Keys.AllDocumentsAsync(db, cancellationToken);
        var customPlugins = await _kinds.CustomPlugins.AllDocumentsAsync(db, cancellationToken);
        var caCertificates = await _kinds.CaCertificates.AllDocumentsAsync(db, cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        var config = new GatewayConfig
        {
            Services = [.. services.Select(Deserialize<ServiceConfig>)],
            Routes = [.. routes.Select(Deserialize<RouteConfig>)],
            Consumers = [.. consumers.Select(Deserialize<ConsumerConfig>)],
            Plugins = [.. plugins.Select(document => Deserialize<PluginConfig>(Unprotect(_kinds.Plugins, document)))],
            KeyAuthCredentials = [.. keyAuth.Select(Deserialize<KeyAuthCredentialConfig>)],
            JwtSecrets = [.. jwtSecrets.Select(Deserialize<JwtSecretConfig>)],
            BasicAuthCredentials = [.. basicAuth.Select(Deserialize<BasicAuthCredentialConfig>)],
            KeySets = [.. keySets.Select(Deserialize<KeySetConfig>)],
            Keys = [.. keys.Select(document => Deserialize<KeyConfig>(Unprotect(_kinds.Keys, document)))],
            CustomPlugins = [.. customPlugins.Select(Deserialize<Shared.Plugins.Custom.CustomPluginManifest>)],
            CaCertificates = [.. caCertificates.Select(Deserialize<CaCertificateConfig>)],
        };
        return new ConfigAtRevision(revision, config);
    }

    // SQLite in WAL mode: a deferred transaction reads one consistent snapshot without taking the write lock.
    // SQL Server: serializable, so no change can commit into the middle of the read.
    // Returns what must be disposed: the EF transaction, or the SQLite transaction EF only borrows (disposing it
    // rolls back whatever was not committed).
    private async Task<IAsyncDisposable> BeginReadAsync(GatewayDbContext db, CancellationToken cancellationToken)
    {
        if (_dbs.Provider != DatabaseProvider.Sqlite)
        {
            return await db.Database.BeginTransactionAsync(IsolationLevel.Serializable, cancellationToken);
        }

        await db.Database.OpenConnectionAsync(cancellationToken);
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        var transaction = connection.BeginTransaction(deferred: true);
        await db.Database.UseTransactionAsync(transaction, cancellationToken);
        return transaction;
    }

    private string Unprotect(EntityKind kind, string document)
    {
        if (kind.Schema.Secrets is not { } secrets)
        {
            return document;
        }

        var entity = (JsonObject)JsonNode.Parse(document)!;
        secrets.Unprotect(entity, _protector);
        return entity.ToJsonString(GatewayJson.Options);
    }

    private static T Deserialize<T>(string document) =>
        JsonSerializer.Deserialize<T>(document, GatewayJson.Options) ?? throw new InvalidDataException("stored entity document is JSON null");
}
