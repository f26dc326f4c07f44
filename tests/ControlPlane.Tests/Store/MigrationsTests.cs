using HybridGateway.ControlPlane.Store;
using Microsoft.EntityFrameworkCore;

namespace HybridGateway.ControlPlane.Tests.Store;

/// <summary>The migrations of both providers match the model (someone changed the model without adding a migration).</summary>
public sealed class MigrationsTests
{
    [Test]
    public void Sqlite_MigrationsMatchModel()
    {
        using var db = new SqliteDesignTimeFactory().CreateDbContext([]);
        Assert.That(db.Database.HasPendingModelChanges(), Is.False);
        Assert.That(db.Database.GetMigrations(), Is.Not.Empty);
    }

    [Test]
    public void SqlServer_MigrationsMatchModel()
    {
        using var db = new SqlServerDesignTimeFactory().CreateDbContext([]);
        Assert.That(db.Database.HasPendingModelChanges(), Is.False);
        Assert.That(db.Database.GetMigrations(), Is.Not.Empty);
    }

    [Test]
    public void Providers_HaveSeparateMigrationSets()
    {
        using var sqlite = new SqliteDesignTimeFactory().CreateDbContext([]);
        using var sqlServer = new SqlServerDesignTimeFactory().CreateDbContext([]);
        var sqliteSql = sqlite.Database.GenerateCreateScript();
        var sqlServerSql = sqlServer.Database.GenerateCreateScript();
        Assert.That(sqliteSql, Does.Contain("CREATE TABLE \"config_versions\""));
        Assert.That(sqlServerSql, Does.Contain("CREATE TABLE [config_versions]"));
    }
}
