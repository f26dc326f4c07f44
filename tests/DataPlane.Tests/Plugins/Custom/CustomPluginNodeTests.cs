using System.Net;
using System.Text.Json;
using HybridGateway.DataPlane.Snapshots;
using HybridGateway.DataPlane.Tests.TestSupport;
using HybridGateway.Shared.Configuration;
using Microsoft.AspNetCore.Builder;
using static HybridGateway.DataPlane.Tests.TestSupport.Entities;

namespace HybridGateway.DataPlane.Tests.Plugins.Custom;

/// <summary>Real data-plane hosts with and without the sample plugin in their plugins folder, in front of an echo upstream.</summary>
[NonParallelizable]
public sealed class CustomPluginNodeTests
{
    private WebApplication _upstream = null!;
    private int _upstreamPort;
    private readonly List<IAsyncDisposable> _stops = [];
    private readonly List<string> _dirs = [];

    [OneTimeSetUp]
    public async Task StartUpstreamAsync()
    {
        Uri address;
        (_upstream, address) = await TestServers.StartEchoUpstreamAsync();
        _upstreamPort = address.Port;
    }

    [OneTimeTearDown]
    public async Task StopUpstreamAsync()
    {
        await _upstream.StopAsync();
        await _upstream.DisposeAsync();
    }

    [TearDown]
    public async Task StopNodesAsync()
    {
        foreach (var stop in Enumerable.Reverse(_stops))
        {
            await stop.DisposeAsync();
        }

        _stops.Clear();
        foreach (var dir in _dirs)
        {
            Directory.Delete(dir, recursive: true);
        }

        _dirs.Clear();
    }

    [Test]
    public async Task NodeWithTheSample_AppliesAnAddHeaderConfig_AndTheUpstreamReceivesTheHeader_BrokenAssembliesAreReported()
    {
        var pluginsDir = NewPluginsDir();
        TestPlugins.InstallSample(pluginsDir);
        TestPlugins.InstallFixtures(pluginsDir);
        var junk = TestPlugins.InstallJunk(pluginsDir);
        var service = Service(port: _upstreamPort);
        var plain = Route(service, paths: ["/plain"], stripPath: false);
        var named = Route(service, paths: ["/named"], stripPath: false);
        var config = new GatewayConfig
        {
            Services = [service],
            Routes = [plain, named],
            Plugins =
            [
                Plugin("add-header", new { value = "hello" }, route: plain),
                Plugin("add-header", new { header = "X-Tenant", value = "acme" }, route: named),
            ],
            CustomPlugins = [TestPlugins.SampleManifest()],
        };

        var node = await StartNodeAsync(pluginsDir, config);

        Assert.That(await UpstreamHeaderAsync(node, "/plain", "x-added"), Is.EqualTo("hello"));
        Assert.That(await UpstreamHeaderAsync(node, "/named", "x-tenant"), Is.EqualTo("acme"));
        var status = await StatusAsync(node);
        var plugins = status.GetProperty("plugins").EnumerateArray().Select(p => $"{p.GetProperty("name").GetString()}@{p.GetProperty("version").GetString()}");
        Assert.That(plugins, Does.Contain("add-header@1.0.0"));
        var errors = status.GetProperty("plugin_errors").EnumerateArray().Select(e => (Path: e.GetProperty("path").GetString(), Message: e.GetProperty("message").GetString())).ToArray();
        Assert.That(errors, Has.Length.EqualTo(4), "three broken plugins and one file that is not an assembly");
        Assert.That(plugins, Does.Contain("dependent@1.0.0"), "the fixtures' working plugin");
        Assert.That(errors.Select(e => e.Path), Does.Contain(junk));
    }

    [Test]
    public async Task NodeWithoutTheSample_RefusesAnAddHeaderConfig_AndKeepsServingItsLastOne()
    {
        var (node, service) = await StartServingPlainAsync(NewPluginsDir());

        var refused = await ApplyAddHeaderAsync(node, service, TestPlugins.SampleManifest());

        Assert.That(refused, Does.Contain("plugin 'add-header' is not available on this data plane"));
        await AssertStillServingVersionOneAsync(node);
    }

    [Test]
    public async Task NodeWithTheSample_RefusesAManifestOfAnotherMajorVersion_NamingBothVersions()
    {
        var pluginsDir = NewPluginsDir();
        TestPlugins.InstallSample(pluginsDir);
        var (node, service) = await StartServingPlainAsync(pluginsDir);

        var refused = await ApplyAddHeaderAsync(node, service, TestPlugins.SampleManifest() with { Version = "2.0.0" });

        Assert.That(refused, Does.Contain("the config's manifest has version 2.0.0, this data plane carries version 1.0.0"));
        await AssertStillServingVersionOneAsync(node);

        // A newer minor version of the manifest is compatible.
        await ApplyAddHeaderAsync(node, service, TestPlugins.SampleManifest() with { Version = "1.3.0" }, version: 3);
        Assert.That(await UpstreamHeaderAsync(node, "/plain", "x-added"), Is.EqualTo("hello"));
    }

    private async Task<(DataPlaneProcess Node, ServiceConfig Service)> StartServingPlainAsync(string pluginsDir)
    {
        var service = Service(port: _upstreamPort);
        var node = await StartNodeAsync(pluginsDir, new GatewayConfig { Services = [service], Routes = [Route(service, paths: ["/plain"], stripPath: false)] });
        Assert.That((await node.GetAsync("/plain")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        return (node, service);
    }

    /// <summary>Publishes a config with an add-header instance; returns the node's last apply error (null when it applied).</summary>
    private static async Task<string?> ApplyAddHeaderAsync(DataPlaneProcess node, ServiceConfig service, Shared.Plugins.Custom.CustomPluginManifest manifest, long version = 2)
    {
        var route = Route(service, paths: ["/plain"], stripPath: false);
        var config = new GatewayConfig
        {
            Services = [service],
            Routes = [route],
            Plugins = [Plugin("add-header", new { header = "X-Added", value = "hello" }, route: route)],
            CustomPlugins = [manifest],
        };
        await node.App.Services.GetRequiredService<SnapshotSynchronizer>().HandlePublishedAsync(Published(version, config), CancellationToken.None);
        var error = (await StatusAsync(node)).GetProperty("last_apply_error");
        return error.ValueKind == JsonValueKind.Null ? null : error.GetProperty("message").GetString();
    }

    private static async Task AssertStillServingVersionOneAsync(DataPlaneProcess node)
    {
        var status = await StatusAsync(node);
        Assert.That(status.GetProperty("config").GetProperty("version").GetInt64(), Is.EqualTo(1));
        Assert.That(status.GetProperty("last_apply_error").GetProperty("version").GetInt64(), Is.EqualTo(2));
        Assert.That(await UpstreamHeaderAsync(node, "/plain", "x-added"), Is.Null, "version 1 has no add-header instance");
    }

    private async Task<DataPlaneProcess> StartNodeAsync(string pluginsDir, GatewayConfig config)
    {
        var controlPlane = new FakeControlPlaneServer();
        _stops.Add(controlPlane);
        controlPlane.Add(Payload(1, config));
        await controlPlane.StartAsync();
        var cacheDir = Path.Combine(Path.GetTempPath(), "hg-dp-tests", Guid.NewGuid().ToString("N"));
        _dirs.Add(cacheDir);
        var node = await DataPlaneProcess.StartAsync(controlPlane.Address, cacheDir, [$"--DataPlane:PluginsDir={pluginsDir}"]);
        _stops.Add(node);
        await node.WaitReadyAsync();
        return node;
    }

    private string NewPluginsDir()
    {
        var dir = TestPlugins.CreateDir();
        _dirs.Add(Path.GetDirectoryName(dir)!);
        return dir;
    }

    private static async Task<string?> UpstreamHeaderAsync(DataPlaneProcess node, string path, string header)
    {
        using var response = await node.GetAsync(path);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), path);
        var headers = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("headers");
        return headers.TryGetProperty(header, out var value) ? value.GetString() : null;
    }

    private static async Task<JsonElement> StatusAsync(DataPlaneProcess node) =>
        JsonDocument.Parse(await node.Client.GetStringAsync(new Uri(node.Status, "/status"))).RootElement.Clone();
}
