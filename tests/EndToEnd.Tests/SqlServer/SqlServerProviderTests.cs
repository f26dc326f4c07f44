using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using HybridGateway.Tests.Common;
using Testcontainers.MsSql;

namespace HybridGateway.EndToEnd.Tests.SqlServer;

/// <summary>
/// The control plane on the SQL Server provider (Database:Provider=SqlServer) against a real SQL Server in a container.
/// Where no Docker engine exists, the test is reported as skipped with the reason, never as passed.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class SqlServerProviderTests
{
    [Test]
    public async Task ControlPlaneOnSqlServer_MigratesStoresAndKeepsConfigAcrossRestart()
    {
        var (available, reason) = await DockerEngine.ProbeAsync();
        if (!available)
        {
            Assert.Ignore($"SQL Server provider test needs Docker for Testcontainers.MsSql: {reason}");
        }

        var work = Path.Combine(RepoRoot.Path, "artifacts", "e2e", $"sqlserver-{Guid.NewGuid().ToString("N")[..6]}");
        var logs = Path.Combine(work, "logs");
        await using var sql = new MsSqlBuilder("mcr.microsoft.com/mssql/server:2022-latest").Build();
        await sql.StartAsync();
        await using var broker = await RabbitMqBroker.StartAsync(logs);
        await using var cp = new ControlPlaneNode(Path.Combine(work, "cp-data"), logs, "sql-server-test-cluster-token-0123456789", broker.Url);
        cp.Overrides["Database__Provider"] = "SqlServer";
        cp.Overrides["ConnectionStrings__Gateway"] = sql.GetConnectionString();
        await cp.StartAsync();

        using (var created = await cp.Admin.PostAsync(
                   new Uri("/services", UriKind.Relative),
                   new FormUrlEncodedContent([new("name", "sql-svc"), new("url", "http://127.0.0.1:9/x")])))
        {
            Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created), await created.Content.ReadAsStringAsync());
        }

        await cp.StopAsync();
        await cp.StartAsync();
        var service = await cp.Admin.GetFromJsonAsync<JsonObject>(new Uri("/services/sql-svc", UriKind.Relative));
        Assert.That(service?["path"]?.ToString(), Is.EqualTo("/x"), service?.ToJsonString());
    }
}
