using System.Net.Sockets;
using HybridGateway.Shared.Snapshots;
using Testcontainers.MsSql;

namespace HybridGateway.ControlPlane.Tests.Store;

/// <summary>
/// The SQL Server provider end to end (migrations, writes, versions) against a real SQL Server in a container.
/// Where no Docker engine exists the tests are reported as skipped with the reason, never as passed.
/// </summary>
[NonParallelizable]
public sealed class SqlServerProviderTests
{
    private MsSqlContainer? _container;

    [OneTimeSetUp]
    public async Task StartSqlServerAsync()
    {
        var (available, reason) = await DockerProbe.ProbeAsync();
        if (!available)
        {
            Assert.Ignore($"SQL Server provider tests need Docker (Testcontainers.MsSql): {reason}");
        }

        _container = new MsSqlBuilder("mcr.microsoft.com/mssql/server:2022-CU14-ubuntu-22.04").Build();
        await _container.StartAsync();
    }

    [OneTimeTearDown]
    public async Task StopSqlServerAsync()
    {
        if (_container is not null)
        {
            await _container.DisposeAsync();
        }
    }

    [Test]
    public async Task SqlServer_MigratesStoresAndVersions()
    {
        using var factory = new ControlPlaneFactory(new()
        {
            ["Database:Provider"] = "SqlServer",
            ["ConnectionStrings:Gateway"] = _container!.GetConnectionString(),
        });
        using var client = factory.CreateClient();

        await client.CreateServiceAsync("svc");
        await client.CreateRouteAsync("svc", "r", "/a");
        Assert.That((int)(await client.PostJsonAsync("/services", """{"name":"svc","host":"x"}""")).StatusCode, Is.EqualTo(409));
        Assert.That((int)(await client.DeleteAsync("/services/svc")).StatusCode, Is.EqualTo(400));
        var tagged = await (await client.GetAsync("/services?size=1")).BodyAsync();
        Assert.That(tagged["data"]!.AsArray(), Has.Count.EqualTo(1));

        var version = await factory.WaitForSnapshotAsync();
        Assert.That(SnapshotCodec.Decode(version.Snapshot, version.Hash).Routes, Has.Count.EqualTo(1));
    }
}

/// <summary>Finds out whether a Docker engine answers, and why not.</summary>
internal static class DockerProbe
{
    public static async Task<(bool Available, string Reason)> ProbeAsync()
    {
        var host = Environment.GetEnvironmentVariable("DOCKER_HOST");
        if (string.IsNullOrEmpty(host))
        {
            host = "unix:///var/run/docker.sock";
        }

        var uri = new Uri(host);
        if (uri.Scheme == "unix" && !File.Exists(uri.AbsolutePath))
        {
            return (false, $"no Docker engine ({uri.AbsolutePath} does not exist)");
        }

        try
        {
            using var socket = uri.Scheme == "unix"
                ? new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified)
                : new Socket(SocketType.Stream, ProtocolType.Tcp);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(3));
            if (uri.Scheme == "unix")
            {
                await socket.ConnectAsync(new UnixDomainSocketEndPoint(uri.AbsolutePath), timeout.Token);
            }
            else
            {
                await socket.ConnectAsync(uri.Host, uri.Port, timeout.Token);
            }

            return (true, "");
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException)
        {
            return (false, $"no Docker engine answers at {host}: {ex.Message}");
        }
    }
}
