using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using HybridGateway.ControlPlane.Clustering;
using HybridGateway.ControlPlane.Publishing;
using HybridGateway.ControlPlane.Snapshots;
using HybridGateway.ControlPlane.Hosting;
using HybridGateway.ControlPlane.Store;
using HybridGateway.Shared.Configuration;
using HybridGateway.Shared.Secrets;
using HybridGateway.Shared.Snapshots;
using MassTransit;
using MassTransit.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace HybridGateway.ControlPlane.Tests;

/// <summary>
/// The real control plane in memory: its own temp data directory and SQLite file, MassTransit's in-memory test
/// harness instead of RabbitMQ. Settings can be overridden per test.
/// </summary>
internal sealed class ControlPlaneFactory : WebApplicationFactory<Program>
{
    public const string ClusterToken = "test-cluster-token-0123456789";

    private readonly Dictionary<string, string?> _settings;

    public ControlPlaneFactory(Dictionary<string, string?>? settings = null)
    {
        DataDir = Path.Combine(Path.GetTempPath(), "cp-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(DataDir);
        _settings = new Dictionary<string, string?>
        {
            ["ControlPlane:DataDir"] = DataDir,
            ["Cluster:Token"] = ClusterToken,
        };
        foreach (var (key, value) in settings ?? [])
        {
            _settings[key] = value;
        }
    }

    public string DataDir { get; }

    /// <summary>When true, the real RabbitMQ bus of <c>RabbitMq:Url</c> is kept (no test harness).</summary>
    public bool RealBroker { get; init; }

    /// <summary>When set, the publisher goes through this endpoint (to simulate broker outages).</summary>
    public FlakyPublishEndpoint? Flaky { get; init; }

    /// <summary>When set, the control plane's clock: tests about time move it instead of waiting.</summary>
    public TimeProvider? Time { get; init; }

    public ITestHarness Harness => Services.GetRequiredService<ITestHarness>();

    public T Get<T>()
        where T : notnull => Services.GetRequiredService<T>();

    public GatewayDbContext Db() => Get<GatewayDbFactory>().Create();

    public async Task<List<ConfigVersionRow>> VersionsAsync()
    {
        await using var db = Db();
        return await db.ConfigVersions.AsNoTracking().OrderBy(v => v.Version).ToListAsync();
    }

    public async Task<long> RevisionAsync()
    {
        await using var db = Db();
        return await db.ConfigState.Select(s => s.Revision).SingleAsync();
    }

    /// <summary>
    /// A stored version as a data plane sees it: its signature checked against the public key the control plane wrote
    /// into its data directory, its secrets opened with the cluster key of <see cref="ClusterToken"/>.
    /// </summary>
    public GatewayConfig Open(ConfigVersionRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        using var verifier = SnapshotVerifier.FromPem(File.ReadAllText(Path.Combine(DataDir, ControlPlaneSettings.SigningPublicKeyFileName)));
        verifier.Verify(row.Version, row.Hash, row.Signature);
        return SnapshotSecrets.Open(SnapshotCodec.Decode(row.Snapshot, row.Hash), ClusterKey.FromToken(ClusterToken));
    }

    /// <summary>Waits until the snapshotter has caught up with every committed change.</summary>
    public async Task<ConfigVersionRow> WaitForSnapshotAsync(TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (true)
        {
            var revision = await RevisionAsync();
            var versions = await VersionsAsync();
            if (versions.Count > 0 && versions[^1].Revision >= revision)
            {
                return versions[^1];
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"no snapshot of revision {revision}");
            }

            await Task.Delay(10);
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        builder.UseEnvironment("Testing");
        builder.ConfigureTestServices(services =>
        {
            if (Time is { } time)
            {
                services.AddSingleton(time);
            }

            if (RealBroker)
            {
                return;
            }

            services.AddMassTransitTestHarness(x =>
            {
                // The harness's default 1.2 s of inactivity ends a wait for a message that a loaded machine is still
                // consuming; Consumed.Any answers as soon as the message is there, so only a real failure waits this long.
                x.SetTestTimeouts(testTimeout: TimeSpan.FromSeconds(60), testInactivityTimeout: TimeSpan.FromSeconds(30));
                x.AddConsumer<DataPlaneStatusReportedConsumer>()
                    .Endpoint(e => e.Name = DataPlaneStatusReportedConsumer.QueueName);
            });
            if (Flaky is { } flaky)
            {
                services.AddSingleton(sp =>
                {
                    flaky.Inner = sp.GetRequiredService<IBus>();
                    return ActivatorUtilities.CreateInstance<SnapshotPublisher>(sp, (IPublishEndpoint)flaky.Proxy);
                });
            }
        });
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(DataDir, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}

/// <summary>Small helpers to speak to the Admin API like curl does.</summary>
internal static class AdminClient
{
    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string path, string json) =>
        client.SendAsync(new HttpRequestMessage(HttpMethod.Post, path) { Content = Json(json) });

    public static Task<HttpResponseMessage> SendJsonAsync(this HttpClient client, HttpMethod method, string path, string json) =>
        client.SendAsync(new HttpRequestMessage(method, path) { Content = Json(json) });

    public static Task<HttpResponseMessage> SendFormAsync(this HttpClient client, HttpMethod method, string path, string form) =>
        client.SendAsync(new HttpRequestMessage(method, path)
        {
            Content = new StringContent(form, Encoding.UTF8, "application/x-www-form-urlencoded"),
        });

    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    public static async Task<JsonObject> BodyAsync(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return JsonNode.Parse(text) as JsonObject ?? throw new AssertionException($"not a JSON object: {text}");
    }

    public static async Task<JsonObject> CreateServiceAsync(this HttpClient client, string name, string url = "http://upstream.test:8080")
    {
        var response = await client.PostJsonAsync("/services", $$"""{"name":"{{name}}","url":"{{url}}"}""");
        Assert.That((int)response.StatusCode, Is.EqualTo(201), await response.Content.ReadAsStringAsync());
        return await response.BodyAsync();
    }

    public static async Task<JsonObject> CreateRouteAsync(this HttpClient client, string service, string name, string path)
    {
        var response = await client.PostJsonAsync($"/services/{service}/routes", $$"""{"name":"{{name}}","paths":["{{path}}"]}""");
        Assert.That((int)response.StatusCode, Is.EqualTo(201), await response.Content.ReadAsStringAsync());
        return await response.BodyAsync();
    }

    public static AuthenticationHeaderValue Bearer(string token) => new("Bearer", token);
}
