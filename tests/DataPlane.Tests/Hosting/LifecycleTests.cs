using System.Net;
using System.Text.Json;
using HybridGateway.DataPlane.Snapshots;
using HybridGateway.DataPlane.Tests.TestSupport;
using HybridGateway.Shared.Configuration;
using Microsoft.AspNetCore.Builder;
using static HybridGateway.DataPlane.Tests.TestSupport.Entities;

namespace HybridGateway.DataPlane.Tests.Hosting;

/// <summary>Start-up without config, restart from the disk cache, updates and refused updates, on a real host.</summary>
[NonParallelizable]
public sealed class LifecycleTests
{
    private readonly List<IAsyncDisposable> _resources = [];
    private string _cacheDir = null!;
    private WebApplication _upstream = null!;
    private int _upstreamPort;

    [SetUp]
    public async Task SetUpAsync()
    {
        _cacheDir = Path.Combine(Path.GetTempPath(), "hg-dp-tests", Guid.NewGuid().ToString("N"));
        Uri address;
        (_upstream, address) = await TestServers.StartEchoUpstreamAsync();
        _upstreamPort = address.Port;
    }

    [TearDown]
    public async Task TearDownAsync()
    {
        foreach (var resource in Enumerable.Reverse(_resources))
        {
            await resource.DisposeAsync();
        }

        _resources.Clear();
        await _upstream.StopAsync();
        await _upstream.DisposeAsync();
        if (Directory.Exists(_cacheDir))
        {
            Directory.Delete(_cacheDir, recursive: true);
        }
    }

    private GatewayConfig ConfigWithPaths(params string[] paths)
    {
        var service = Service(port: _upstreamPort);
        return new GatewayConfig { Services = [service], Routes = [.. paths.Select(p => Route(service, paths: [p], stripPath: false))] };
    }

    private async Task<FakeControlPlaneServer> StartControlPlaneAsync(params SnapshotPayload[] versions)
    {
        var controlPlane = new FakeControlPlaneServer();
        foreach (var version in versions)
        {
            controlPlane.Add(version);
        }

        await controlPlane.StartAsync();
        _resources.Add(controlPlane);
        return controlPlane;
    }

    private async Task<DataPlaneProcess> StartNodeAsync(Uri controlPlane)
    {
        var node = await DataPlaneProcess.StartAsync(controlPlane, _cacheDir);
        _resources.Add(node);
        return node;
    }

    [Test]
    public async Task NoCacheAndNoControlPlaneVersion_Serves503AndIsNotReady()
    {
        var controlPlane = await StartControlPlaneAsync();
        var node = await StartNodeAsync(controlPlane.Address);
        await Eventually.UntilAsync(() => Task.FromResult(controlPlane.Requests), n => n > 0, "the node to ask the control plane");

        var response = await node.GetAsync("/anything");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.That(body.GetProperty("message").GetString(), Is.EqualTo("no configuration received from the control plane yet"));
        Assert.That(await node.ReadyAsync(), Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        var live = await node.Client.GetAsync(new Uri(node.Status, "/health/live"));
        Assert.That(live.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task NoControlPlaneAtAll_StartsAndServes503()
    {
        var node = await StartNodeAsync(new Uri($"http://127.0.0.1:{TestServers.ClosedPort()}"));
        var response = await node.GetAsync("/anything");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
    }

    [Test]
    public async Task Restart_WithControlPlaneDown_ServesFromDiskCache()
    {
        var controlPlane = await StartControlPlaneAsync(Payload(3, ConfigWithPaths("/cached")));
        var first = await StartNodeAsync(controlPlane.Address);
        await first.WaitReadyAsync();
        // The cache is written right after the swap: wait for it rather than race it.
        await Eventually.UntilAsync(() => Task.FromResult(File.Exists(Path.Combine(_cacheDir, SnapshotCache.FileName))), exists => exists, "the disk cache to be written");
        var nodeId = JsonDocument.Parse(await first.Client.GetStringAsync(new Uri(first.Status, "/status"))).RootElement.GetProperty("node_id").GetString();
        await first.DisposeAsync();
        _resources.Remove(first);
        await controlPlane.DisposeAsync();
        _resources.Remove(controlPlane);

        var second = await StartNodeAsync(controlPlane.Address);

        Assert.That(await second.ReadyAsync(), Is.EqualTo(HttpStatusCode.OK), "the cache is applied before the node takes traffic");
        var response = await second.GetAsync("/cached/x");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var status = JsonDocument.Parse(await second.Client.GetStringAsync(new Uri(second.Status, "/status"))).RootElement;
        Assert.That(status.GetProperty("config").GetProperty("source").GetString(), Is.EqualTo("cache"));
        Assert.That(status.GetProperty("config").GetProperty("version").GetInt64(), Is.EqualTo(3));
        Assert.That(status.GetProperty("node_id").GetString(), Is.EqualTo(nodeId), "the node id is persisted");
    }

    [Test]
    public async Task CorruptCache_IsRefusedAndReported_NeverServed()
    {
        Directory.CreateDirectory(_cacheDir);
        var cache = new SnapshotCache(Path.Combine(_cacheDir, SnapshotCache.FileName));
        cache.Write(Payload(3, ConfigWithPaths("/cached")));
        var bytes = await File.ReadAllBytesAsync(cache.FilePath);
        await File.WriteAllBytesAsync(cache.FilePath, bytes[..(bytes.Length / 2)]);

        var node = await StartNodeAsync(new Uri($"http://127.0.0.1:{TestServers.ClosedPort()}"));

        Assert.That(await node.ReadyAsync(), Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        var status = JsonDocument.Parse(await node.Client.GetStringAsync(new Uri(node.Status, "/status"))).RootElement;
        Assert.That(status.GetProperty("cache").GetProperty("status").GetString(), Does.StartWith("corrupt"));
        Assert.That(status.GetProperty("config").ValueKind, Is.EqualTo(JsonValueKind.Null));
    }

    [Test]
    public async Task NewVersionFromBus_AddsRoute_AndRefusedVersionKeepsOldConfig()
    {
        var v1 = ConfigWithPaths("/one");
        var controlPlane = await StartControlPlaneAsync(Payload(1, v1));
        var node = await StartNodeAsync(controlPlane.Address);
        await node.WaitReadyAsync();
        var synchronizer = node.App.Services.GetRequiredService<SnapshotSynchronizer>();
        Assert.That((await node.GetAsync("/two")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));

        // Version 2 adds /two (delivered inline, as the bus does).
        var v2 = v1 with { Routes = [.. v1.Routes, Route(v1.Services[0], paths: ["/two"], stripPath: false)] };
        await synchronizer.HandlePublishedAsync(Published(2, v2), CancellationToken.None);
        var two = await node.GetAsync("/two/x");
        Assert.That(two.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(JsonDocument.Parse(await two.Content.ReadAsStringAsync()).RootElement.GetProperty("path").GetString(), Is.EqualTo("/two/x"));

        // Version 3 uses a plugin this node does not have: refused, version 2 keeps serving.
        var v3 = v2 with { Routes = [.. v2.Routes.Skip(1)], Plugins = [Plugin("not-a-plugin", new { })] };
        await synchronizer.HandlePublishedAsync(Published(3, v3), CancellationToken.None);
        Assert.That((await node.GetAsync("/one")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var status = JsonDocument.Parse(await node.Client.GetStringAsync(new Uri(node.Status, "/status"))).RootElement;
        Assert.That(status.GetProperty("config").GetProperty("version").GetInt64(), Is.EqualTo(2));
        Assert.That(status.GetProperty("last_apply_error").GetProperty("version").GetInt64(), Is.EqualTo(3));
        Assert.That(status.GetProperty("last_apply_error").GetProperty("message").GetString(), Does.Contain("not-a-plugin"));

        // Version 4 removes /one: it stops matching.
        var v4 = v2 with { Routes = [.. v2.Routes.Skip(1)] };
        await synchronizer.HandlePublishedAsync(Published(4, v4), CancellationToken.None);
        Assert.That((await node.GetAsync("/one")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await node.GetAsync("/two")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }
}
