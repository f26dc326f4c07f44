using HybridGateway.ControlPlane.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace HybridGateway.ControlPlane.Store;

/// <summary>Creates short-lived contexts for the configured provider (Admin API requests and background services alike).</summary>
internal sealed class GatewayDbFactory
{
    private readonly Func<GatewayDbContext> _create;

    public GatewayDbFactory(ControlPlaneSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        Provider = settings.DatabaseProvider;
        if (settings.DatabaseProvider == DatabaseProvider.SqlServer)
        {
            var options = new DbContextOptionsBuilder<SqlServerGatewayDbContext>()
                .UseSqlServer(settings.ConnectionString)
                .Options;
            _create = () => new SqlServerGatewayDbContext(options);
        }
        else
        {
            var options = new DbContextOptionsBuilder<SqliteGatewayDbContext>()
                .UseSqlite(settings.ConnectionString)
                .AddInterceptors(SqliteBusyTimeoutInterceptor.Instance)
                .Options;
            _create = () => new SqliteGatewayDbContext(options);
        }
    }

    public DatabaseProvider Provider { get; }

    public GatewayDbContext Create() => _create();
}

/// <summary>Lets <c>dotnet ef migrations add … --context SqliteGatewayDbContext</c> build the SQLite context.</summary>
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteGatewayDbContext>
{
    public SqliteGatewayDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteGatewayDbContext>().UseSqlite("Data Source=design.db").Options);
}

/// <summary>Lets <c>dotnet ef migrations add … --context SqlServerGatewayDbContext</c> build the SQL Server context.</summary>
internal sealed class SqlServerDesignTimeFactory : IDesignTimeDbContextFactory<SqlServerGatewayDbContext>
{
    public SqlServerGatewayDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqlServerGatewayDbContext>().UseSqlServer("Server=localhost;Database=HybridGateway;Trusted_Connection=True;TrustServerCertificate=True").Options);
}
