using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using HybridGateway.Tests.Common;

namespace HybridGateway.EndToEnd.Tests.Cluster;

/// <summary>
/// samples/AddHeaderPlugin/README.md as written: the sample published into the first data plane's plugins folder only,
/// its manifest uploaded, an instance created. The first node proxies with the header; the second is never handed the
/// config (the control plane refuses it the snapshot), is shown plugin_incompatible and keeps serving its last config.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class CustomPluginWalkthroughTests
{
    [Test]
    public async Task AddHeaderSample_NodeWithItAddsTheHeader_NodeWithoutItIsPluginIncompatibleAndKeepsServing()
    {
        var system = ClusterSetUp.System;
        var (withPlugin, without) = (system.DataPlanes[0], system.DataPlanes[1]);
        var pluginsDir = Path.Combine(system.WorkDirectory, $"{withPlugin.Name}-plugins");
        string? instance = null;
        try
        {
            // dotnet publish samples/AddHeaderPlugin -o <dp plugins dir>/add-header; plugins load at start-up.
            PluginFolders.InstallSample(pluginsDir);
            await withPlugin.StopAsync();
            withPlugin.Overrides["DataPlane__PluginsDir"] = pluginsDir;
            await withPlugin.StartAsync();
            var plugins = (await withPlugin.GetStatusAsync())["plugins"]!.AsArray().Select(p => $"{p?["name"]}@{p?["version"]}");
            Assert.That(plugins, Does.Contain("add-header@1.0.0"));

            var (_, route, path) = await Kong.CreateServiceAndRouteAsync(ClusterSetUp.UpstreamA.Url, "add-header");
            await Kong.WaitForEchoOnAllAsync(path, e => e.Upstream == ClusterSetUp.UpstreamA.Name);

            // curl -X POST localhost:8001/custom-plugins -F manifest=@samples/AddHeaderPlugin/manifest.json
            var manifest = new ByteArrayContent(await File.ReadAllBytesAsync(PluginFolders.SampleManifestPath));
            manifest.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            var upload = await Kong.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/custom-plugins")
            {
                Content = new MultipartFormDataContent { { manifest, "manifest", "manifest.json" } },
            });
            Assert.That(upload.Status, Is.EqualTo(HttpStatusCode.Created), upload.ToString());

            // curl -X POST localhost:8001/plugins --data name=add-header --data config.value=hello (here on the test's
            // route, so the other tests' routes are untouched)
            var created = await Kong.FormAsync(HttpMethod.Post, $"/routes/{route}/plugins", ("name", "add-header"), ("config.value", "hello"));
            Assert.That(created.Status, Is.EqualTo(HttpStatusCode.Created), created.ToString());
            instance = created.Id;
            Assert.That(created.Body?["config"]?["header"]?.ToString(), Is.EqualTo("X-Added"), "the schema's default is filled");

            await Poll.UntilAsync(
                async () =>
                {
                    var (status, body, response) = await Kong.ProxyAsync(withPlugin, HttpMethod.Get, path);
                    response.Dispose();
                    return status == HttpStatusCode.OK && EchoedRequest.TryParse(body) is { } echo
                        && echo.Headers.TryGetValue("x-added", out var value) && value == "hello";
                },
                what: $"{withPlugin.Name} to add X-Added: hello");

            // The state follows from the heartbeat's plugin list at once; the refusal's words arrive with the next one.
            JsonNode? entry = null;
            await Poll.UntilAsync(
                async () => (entry = await Kong.ClusteringEntryAsync(without))?["status"]?.ToString() == "plugin_incompatible"
                    && entry?["last_apply_error"] is not null,
                what: $"{without.Name} to be plugin_incompatible and say why");
            // Refused by the control plane's requirement check, never opened: the config was not sent to it.
            Assert.That(entry?["last_apply_error"]?.ToString(), Does.Match("^version [0-9]+ uses plugins this data plane cannot run: plugin 'add-header' is not available on this data plane$"));
            Assert.That((await Kong.ClusteringEntryAsync(withPlugin))?["status"]?.ToString(), Is.EqualTo("in_sync"));

            // Its last config still serves the route, without the header.
            var (lastStatus, lastBody, lastResponse) = await Kong.ProxyAsync(without, HttpMethod.Get, path);
            lastResponse.Dispose();
            Assert.That(lastStatus, Is.EqualTo(HttpStatusCode.OK), lastBody);
            Assert.That(EchoedRequest.TryParse(lastBody)?.Headers.ContainsKey("x-added"), Is.False, lastBody);
        }
        finally
        {
            // Leave the shared system as found: no instance (so every node can apply again), no plugins folder.
            if (instance is not null)
            {
                await Kong.SendAsync(HttpMethod.Delete, $"/plugins/{instance}");
            }

            await Kong.SendAsync(HttpMethod.Delete, "/custom-plugins/add-header");
            await withPlugin.StopAsync();
            withPlugin.Overrides.Remove("DataPlane__PluginsDir");
            await withPlugin.StartAsync();
            await Poll.UntilAsync(
                async () => (await Kong.ClusteringEntryAsync(without))?["status"]?.ToString() == "in_sync",
                what: $"{without.Name} to be in sync again");
        }
    }
}
