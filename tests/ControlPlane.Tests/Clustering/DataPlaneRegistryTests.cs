using System.Text.Json.Nodes;
using HybridGateway.ControlPlane.Clustering;
using HybridGateway.Shared.Contracts;

namespace HybridGateway.ControlPlane.Tests.Clustering;

public sealed class DataPlaneRegistryTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UnixEpoch.AddDays(20000);

    [Test]
    public void Evaluate_NotSeenForLongerThanTheLimit_IsOffline() =>
        Assert.That(Evaluate(lastSeen: Now.AddSeconds(-31), appliedHash: "h"), Is.EqualTo(DataPlaneState.Offline));

    [Test]
    public void Evaluate_AppliedLatestHash_IsInSync() =>
        Assert.That(Evaluate(appliedHash: "H"), Is.EqualTo(DataPlaneState.InSync));

    [Test]
    public void Evaluate_OlderHash_IsOutdated() =>
        Assert.That(Evaluate(appliedHash: "old"), Is.EqualTo(DataPlaneState.Outdated));

    [Test]
    public void Evaluate_FailedNewerVersion_IsApplyFailed() =>
        Assert.That(Evaluate(appliedVersion: 3, appliedHash: "old", error: "boom", failedVersion: 4), Is.EqualTo(DataPlaneState.ApplyFailed));

    [Test]
    public void Evaluate_FailureOlderThanApplied_IsIgnored() =>
        Assert.That(Evaluate(appliedVersion: 5, appliedHash: "h", error: "boom", failedVersion: 4), Is.EqualTo(DataPlaneState.InSync));

    [Test]
    public void Evaluate_ARefusedConfig_ThatUsesAPluginTheNodeLacks_IsPluginIncompatible() =>
        Assert.That(
            Evaluate(appliedVersion: 3, appliedHash: "old", error: "plugin 'add-header' is not available on this data plane", failedVersion: 4, nodePlugins: ["cors"], usedPlugins: ["add-header"]),
            Is.EqualTo(DataPlaneState.PluginIncompatible));

    [Test]
    public void Evaluate_RunningTheLatest_ButARogueNewerVersionWasRefused_IsApplyFailed() =>
        Assert.That(Evaluate(appliedVersion: 3, appliedHash: "h", error: "snapshot version 4 is not signed", failedVersion: 4), Is.EqualTo(DataPlaneState.ApplyFailed));

    [Test]
    public void Evaluate_RunningTheLatest_WithoutAPluginOnlyADisabledInstanceUses_IsInSync() =>
        Assert.That(Evaluate(appliedHash: "h", nodePlugins: ["cors"], usedPlugins: ["add-header"]), Is.EqualTo(DataPlaneState.InSync));

    [Test]
    public void Evaluate_MissingUsedPlugin_IsPluginIncompatible() =>
        Assert.That(
            Evaluate(appliedHash: "old", nodePlugins: ["cors"], usedPlugins: ["request-termination"]),
            Is.EqualTo(DataPlaneState.PluginIncompatible));

    [Test]
    public void Evaluate_CustomPluginOfAnotherMajorVersion_IsPluginIncompatible() =>
        Assert.That(
            Evaluate(appliedHash: "old", nodePlugins: ["cors", "add-header@1.4.0"], usedPlugins: ["add-header"], manifestVersions: new() { ["add-header"] = "2.0.0" }),
            Is.EqualTo(DataPlaneState.PluginIncompatible));

    [Test]
    public void Evaluate_CustomPluginOfTheSameMajorVersion_IsNotPluginIncompatible() =>
        Assert.That(
            Evaluate(appliedHash: "old", nodePlugins: ["cors", "add-header@1.4.0"], usedPlugins: ["add-header"], manifestVersions: new() { ["add-header"] = "1.0.0" }),
            Is.EqualTo(DataPlaneState.Outdated));

    [Test]
    public void Evaluate_InSyncNode_IsInSyncWhateverItsPluginVersions() =>
        Assert.That(
            Evaluate(appliedHash: "H", nodePlugins: ["add-header@2.0.0"], usedPlugins: ["add-header"], manifestVersions: new() { ["add-header"] = "1.0.0" }),
            Is.EqualTo(DataPlaneState.InSync));

    [Test]
    public async Task Heartbeats_AreRecordedAndShownWithState()
    {
        using var factory = new ControlPlaneFactory();
        using var client = factory.CreateClient();
        await client.CreateServiceAsync("svc");
        var latest = await factory.WaitForSnapshotAsync();

        var inSync = Guid.NewGuid();
        var outdated = Guid.NewGuid();
        var failed = Guid.NewGuid();
        await ReportAsync(factory, new DataPlaneStatusReported
        {
            NodeId = inSync,
            Hostname = "dp-a",
            SoftwareVersion = "0.1.0",
            AppliedVersion = latest.Version,
            AppliedHash = latest.Hash,
            Plugins = [new PluginInfo("request-termination", "1.0.0")],
            PluginErrors = [new PluginLoadError("/plugins/broken/broken.dll", "not a .NET assembly")],
            ReportedAt = DateTimeOffset.UtcNow,
        });
        await ReportAsync(factory, new DataPlaneStatusReported { NodeId = outdated, Hostname = "dp-b", SoftwareVersion = "0.1.0", AppliedVersion = 1, AppliedHash = "old", ReportedAt = DateTimeOffset.UtcNow });
        await ReportAsync(factory, new DataPlaneStatusReported { NodeId = failed, Hostname = "dp-c", SoftwareVersion = "0.1.0", AppliedVersion = 1, AppliedHash = "old", LastApplyError = "route r: bad regex", LastFailedVersion = latest.Version, ReportedAt = DateTimeOffset.UtcNow });

        var nodes = await WaitForNodesAsync(client, 3);
        var byId = nodes.ToDictionary(n => (string)n["id"]!);
        Assert.That((string?)byId[inSync.ToString()]["status"], Is.EqualTo("in_sync"));
        Assert.That((string?)byId[inSync.ToString()]["hostname"], Is.EqualTo("dp-a"));
        Assert.That((long?)byId[inSync.ToString()]["config_version"], Is.EqualTo(latest.Version));
        Assert.That((string?)byId[inSync.ToString()]["config_hash"], Is.EqualTo(latest.Hash));
        Assert.That((string?)byId[inSync.ToString()]["plugins"]![0]!["name"], Is.EqualTo("request-termination"));
        Assert.That((long?)byId[inSync.ToString()]["last_seen"], Is.GreaterThan(1_700_000_000));
        Assert.That(byId[inSync.ToString()]["plugin_errors"]?.ToJsonString(), Is.EqualTo("""[{"path":"/plugins/broken/broken.dll","message":"not a .NET assembly"}]"""));
        Assert.That(byId[outdated.ToString()]["plugin_errors"]?.ToJsonString(), Is.EqualTo("[]"));
        Assert.That((string?)byId[outdated.ToString()]["status"], Is.EqualTo("outdated"));
        Assert.That((string?)byId[failed.ToString()]["status"], Is.EqualTo("apply_failed"));
        Assert.That((string?)byId[failed.ToString()]["last_apply_error"], Is.EqualTo("route r: bad regex"));
    }

    [Test]
    public async Task OlderHeartbeat_ArrivingLate_DoesNotUndoNewer()
    {
        using var factory = new ControlPlaneFactory();
        using var client = factory.CreateClient();
        var node = Guid.NewGuid();
        var now = DateTimeOffset.UtcNow;
        await ReportAsync(factory, new DataPlaneStatusReported { NodeId = node, Hostname = "dp", SoftwareVersion = "1", AppliedVersion = 5, AppliedHash = "new", ReportedAt = now });
        await WaitForNodesAsync(client, 1);
        await ReportAsync(factory, new DataPlaneStatusReported { NodeId = node, Hostname = "dp", SoftwareVersion = "1", AppliedVersion = 4, AppliedHash = "old", ReportedAt = now.AddSeconds(-5) });
        await Task.Delay(200);

        var nodes = await WaitForNodesAsync(client, 1);
        Assert.That((long?)nodes[0]["config_version"], Is.EqualTo(5));
    }

    [Test]
    public async Task NodeNotHeardFrom_IsOffline()
    {
        // A clock of our own: however slow the machine, "just seen" and "a minute later" are exact.
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        using var factory = new ControlPlaneFactory(new() { ["Clustering:OfflineAfterSeconds"] = "30" }) { Time = clock };
        using var client = factory.CreateClient();
        await ReportAsync(factory, new DataPlaneStatusReported { NodeId = Guid.NewGuid(), Hostname = "dp", SoftwareVersion = "1", ReportedAt = clock.GetUtcNow() });
        var nodes = await WaitForNodesAsync(client, 1);
        Assert.That((string?)nodes[0]["status"], Is.Not.EqualTo("offline"), "just seen");

        clock.Advance(TimeSpan.FromSeconds(29));
        Assert.That((string?)(await WaitForNodesAsync(client, 1))[0]["status"], Is.Not.EqualTo("offline"), "29 s without a heartbeat");

        clock.Advance(TimeSpan.FromSeconds(2));
        Assert.That((string?)(await WaitForNodesAsync(client, 1))[0]["status"], Is.EqualTo("offline"), "31 s without a heartbeat");
    }

    private static string Evaluate(
        DateTimeOffset? lastSeen = null,
        long? appliedVersion = 1,
        string? appliedHash = null,
        string? error = null,
        long? failedVersion = null,
        string[]? nodePlugins = null,
        string[]? usedPlugins = null,
        Dictionary<string, string>? manifestVersions = null) =>
        DataPlaneState.Evaluate(
            Now, lastSeen ?? Now, TimeSpan.FromSeconds(30), appliedVersion, appliedHash, error, failedVersion, "h",
            [.. (nodePlugins ?? []).Select(p => p.Split('@') is [var name, var version] ? new PluginInfo(name, version) : new PluginInfo(p, "1.0.0"))],
            usedPlugins ?? [],
            manifestVersions ?? []);

    private static async Task ReportAsync(ControlPlaneFactory factory, DataPlaneStatusReported report)
    {
        await factory.Harness.Bus.Publish(report);
        Assert.That(await factory.Harness.Consumed.Any<DataPlaneStatusReported>(m => m.Context.Message.NodeId == report.NodeId && m.Context.Message.ReportedAt == report.ReportedAt), Is.True);
    }

    private static async Task<List<JsonObject>> WaitForNodesAsync(HttpClient client, int count)
    {
        for (var i = 0; i < 200; i++)
        {
            var body = await (await client.GetAsync("/clustering/data-planes")).BodyAsync();
            var nodes = body["data"]!.AsArray().Select(n => n!.AsObject()).ToList();
            if (nodes.Count >= count)
            {
                Assert.That(body.ContainsKey("next") && body["next"] is null, Is.True);
                return nodes;
            }

            await Task.Delay(20);
        }

        throw new TimeoutException($"expected {count} data planes");
    }

    /// <summary>A clock that moves only when a test says so.</summary>
    private sealed class ManualClock(DateTimeOffset now) : TimeProvider
    {
        private DateTimeOffset _now = now;

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }
}
