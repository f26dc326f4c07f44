using System.Net;
using System.Text.Json.Nodes;

namespace HybridGateway.EndToEnd.Tests.Cluster;

/// <summary>
/// The Kong tutorial flows (Get started → services and routes) sent to the control plane's Admin API exactly as the
/// curl commands send them, observed through both data planes' proxies.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class KongTutorialTests
{
    [Test]
    public async Task FormEncodedServiceAndRoute_CreateUpdateDelete_BothNodesFollow()
    {
        var a = ClusterSetUp.UpstreamA;
        var b = ClusterSetUp.UpstreamB;
        var service = Kong.UniqueName("tutorial-svc");
        var route = Kong.UniqueName("tutorial-route");
        var path = "/" + Kong.UniqueName("mock");

        // curl -i -X POST http://localhost:8001/services --data name=example_service --data url='http://...'
        var created = await Kong.FormAsync(HttpMethod.Post, "/services", ("name", service), ("url", $"{a.Url}/base"));
        Assert.That(created.Status, Is.EqualTo(HttpStatusCode.Created), created.ToString());
        Assert.That(created.Body?["name"]?.ToString(), Is.EqualTo(service), created.ToString());
        Assert.That(created.Body?["host"]?.ToString(), Is.EqualTo("127.0.0.1"), created.ToString());
        Assert.That(created.Body?["port"]?.GetValue<int>(), Is.EqualTo(a.Port), created.ToString());
        Assert.That(created.Body?["path"]?.ToString(), Is.EqualTo("/base"), created.ToString());

        // curl -i -X POST http://localhost:8001/services/example_service/routes --data 'paths[]=/mock' --data name=example_route
        var routed = await Kong.FormAsync(HttpMethod.Post, $"/services/{service}/routes", ("paths[]", path), ("name", route));
        Assert.That(routed.Status, Is.EqualTo(HttpStatusCode.Created), routed.ToString());
        Assert.That(routed.Body?["paths"]?.AsArray().Select(p => p?.ToString()), Is.EqualTo(new[] { path }), routed.ToString());
        Assert.That(routed.Body?["strip_path"]?.GetValue<bool>(), Is.True, routed.ToString());

        // curl -X GET http://localhost:8000/mock/anything?x=1 on both nodes: strip_path + service path joined.
        var echoes = await Kong.WaitForEchoOnAllAsync(
            $"{path}/anything?x=1&y=two", e => e.Upstream == a.Name, headers: new Dictionary<string, string> { ["X-Tutorial"] = "yes" });
        foreach (var echo in echoes)
        {
            Assert.That(echo.Method, Is.EqualTo("GET"));
            Assert.That(echo.Path, Is.EqualTo("/base/anything"));
            Assert.That(echo.Query, Is.EqualTo("?x=1&y=two"));
            Assert.That(echo.Headers.GetValueOrDefault("x-tutorial"), Is.EqualTo("yes"));
        }

        // A request body reaches the upstream unchanged.
        var posted = await Kong.WaitForEchoOnAllAsync($"{path}/post", e => e.Upstream == a.Name, method: HttpMethod.Post, body: "{\"hello\":\"world\"}");
        Assert.That(posted.Select(e => (e.Method, e.Body)), Is.All.EqualTo(("POST", "{\"hello\":\"world\"}")));

        // Update the service (PATCH url=) → both nodes send to upstream B with its path.
        var patched = await Kong.FormAsync(HttpMethod.Patch, $"/services/{service}", ("url", $"{b.Url}/other"));
        Assert.That(patched.Status, Is.EqualTo(HttpStatusCode.OK), patched.ToString());
        // Host, port and path change in one version: no node may ever combine the new upstream with the old path.
        await Kong.WaitForEchoOnAllAsync(
            $"{path}/anything",
            e => e.Upstream == b.Name,
            never: e => (e.Upstream == b.Name) != (e.Path == "/other/anything"));

        // Update the route's paths → the new path proxies, the old one gets Kong's 404.
        var newPath = "/" + Kong.UniqueName("moved");
        var rerouted = await Kong.FormAsync(HttpMethod.Patch, $"/routes/{route}", ("paths[]", newPath));
        Assert.That(rerouted.Status, Is.EqualTo(HttpStatusCode.OK), rerouted.ToString());
        await Kong.WaitForEchoOnAllAsync($"{newPath}/x", e => e.Upstream == b.Name && e.Path == "/other/x");
        await Kong.WaitForNoRouteOnAllAsync($"{path}/anything");

        // Delete the route, then the service → 204 each, and both nodes answer Kong's 404.
        var deletedRoute = await Kong.SendAsync(HttpMethod.Delete, $"/routes/{route}");
        Assert.That(deletedRoute.Status, Is.EqualTo(HttpStatusCode.NoContent), deletedRoute.ToString());
        var deletedService = await Kong.SendAsync(HttpMethod.Delete, $"/services/{service}");
        Assert.That(deletedService.Status, Is.EqualTo(HttpStatusCode.NoContent), deletedService.ToString());
        await Kong.WaitForNoRouteOnAllAsync($"{newPath}/x");
        var gone = await Kong.SendAsync(HttpMethod.Get, $"/services/{service}");
        Assert.That(gone.Status, Is.EqualTo(HttpStatusCode.NotFound), gone.ToString());
    }

    [Test]
    public async Task JsonServiceAndRoute_MethodsAndIds_BothNodesProxy()
    {
        var a = ClusterSetUp.UpstreamA;
        var service = Kong.UniqueName("json-svc");
        var path = "/" + Kong.UniqueName("json");

        // curl -X POST http://localhost:8001/services --json '{"name":...,"url":...}'
        var created = await Kong.JsonAsync(HttpMethod.Post, "/services", new { name = service, url = a.Url });
        Assert.That(created.Status, Is.EqualTo(HttpStatusCode.Created), created.ToString());

        // Nested route by service id, JSON body with methods and strip_path=false.
        var routed = await Kong.JsonAsync(
            HttpMethod.Post, $"/services/{created.Id}/routes", new { paths = new[] { path }, methods = new[] { "GET" }, strip_path = false });
        Assert.That(routed.Status, Is.EqualTo(HttpStatusCode.Created), routed.ToString());
        Assert.That(routed.Body?["service"]?["id"]?.ToString(), Is.EqualTo(created.Id), routed.ToString());

        var echoes = await Kong.WaitForEchoOnAllAsync($"{path}/items", e => e.Upstream == a.Name);
        Assert.That(echoes.Select(e => e.Path), Is.All.EqualTo($"{path}/items"), "strip_path=false keeps the matched prefix");

        // The route only matches GET: a POST through either node gets Kong's 404.
        foreach (var node in ClusterSetUp.System.DataPlanes)
        {
            var (status, body, response) = await Kong.ProxyAsync(node, HttpMethod.Post, $"{path}/items", "x");
            response.Dispose();
            Assert.That(status, Is.EqualTo(HttpStatusCode.NotFound), $"{node.Name}: {body}");
            Assert.That(JsonNode.Parse(body)?["message"]?.ToString(), Is.EqualTo(Kong.NoRouteMessage), $"{node.Name}: {body}");
        }

        // Routes and services listed by the Admin API carry Kong's shapes.
        var listed = await Kong.SendAsync(HttpMethod.Get, $"/services/{service}/routes");
        Assert.That(listed.Status, Is.EqualTo(HttpStatusCode.OK), listed.ToString());
        Assert.That(listed.Body?["data"]?.AsArray().Select(r => r?["id"]?.ToString()), Is.EqualTo(new[] { routed.Id }), listed.ToString());
    }
}
