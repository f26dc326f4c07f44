using System.Net;
using System.Text.Json.Nodes;

namespace HybridGateway.EndToEnd.Tests.Cluster;

/// <summary>The first bundled plugin, configured through the Admin API and enforced by both data planes.</summary>
[TestFixture]
[NonParallelizable]
public sealed class RequestTerminationTests
{
    [Test]
    public async Task RouteWithRequestTermination_BothNodesTerminate_UntilThePluginIsDeleted()
    {
        var a = ClusterSetUp.UpstreamA;
        var (_, route, path) = await Kong.CreateServiceAndRouteAsync(a.Url, "rt");
        await Kong.WaitForEchoOnAllAsync(path, e => e.Upstream == a.Name);

        // curl -X POST http://localhost:8001/routes/{route}/plugins --data name=request-termination
        //   --data config.status_code=403 --data config.message="So long and thanks for all the fish!"
        var plugin = await Kong.FormAsync(
            HttpMethod.Post,
            $"/routes/{route}/plugins",
            ("name", "request-termination"),
            ("config.status_code", "403"),
            ("config.message", "So long and thanks for all the fish!"));
        Assert.That(plugin.Status, Is.EqualTo(HttpStatusCode.Created), plugin.ToString());
        Assert.That(plugin.Body?["config"]?["status_code"]?.GetValue<int>(), Is.EqualTo(403), plugin.ToString());

        var bodies = await Kong.WaitForStatusOnAllAsync(path, HttpStatusCode.Forbidden);
        foreach (var (body, _) in bodies)
        {
            Assert.That(JsonNode.Parse(body)?["message"]?.ToString(), Is.EqualTo("So long and thanks for all the fish!"), body);
        }

        // Once terminating, nothing reaches the upstream.
        var before = a.RequestCount;
        foreach (var node in ClusterSetUp.System.DataPlanes)
        {
            for (var i = 0; i < 3; i++)
            {
                var (status, body, response) = await Kong.ProxyAsync(node, HttpMethod.Get, $"{path}/again");
                response.Dispose();
                Assert.That(status, Is.EqualTo(HttpStatusCode.Forbidden), $"{node.Name}: {body}");
            }
        }

        Assert.That(a.RequestCount, Is.EqualTo(before), "terminated requests must not reach the upstream");

        var deleted = await Kong.SendAsync(HttpMethod.Delete, $"/plugins/{plugin.Id}");
        Assert.That(deleted.Status, Is.EqualTo(HttpStatusCode.NoContent), deleted.ToString());
        await Kong.WaitForEchoOnAllAsync(path, e => e.Upstream == a.Name);
    }

    [Test]
    public async Task ServiceWithRequestTerminationBody_BothNodesAnswerTheBodyAndContentType()
    {
        var a = ClusterSetUp.UpstreamA;
        var (service, _, path) = await Kong.CreateServiceAndRouteAsync(a.Url, "rt-body");
        var plugin = await Kong.JsonAsync(
            HttpMethod.Post,
            $"/services/{service}/plugins",
            new { name = "request-termination", config = new { status_code = 503, body = "down for maintenance", content_type = "text/plain" } });
        Assert.That(plugin.Status, Is.EqualTo(HttpStatusCode.Created), plugin.ToString());

        var bodies = await Kong.WaitForStatusOnAllAsync(path, HttpStatusCode.ServiceUnavailable);
        foreach (var (body, contentType) in bodies)
        {
            Assert.That(body, Is.EqualTo("down for maintenance"));
            Assert.That(contentType, Does.StartWith("text/plain"));
        }
    }
}
