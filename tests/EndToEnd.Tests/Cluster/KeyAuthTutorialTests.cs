using System.Net;
using System.Text.Json.Nodes;
using HybridGateway.Tests.Common;

namespace HybridGateway.EndToEnd.Tests.Cluster;

/// <summary>Kong's "key authentication" tutorial, step by step with its curl commands, against both data planes.</summary>
[TestFixture]
[NonParallelizable]
public sealed class KeyAuthTutorialTests
{
    [Test]
    public async Task KeyAuthTutorial_ConsumerWithKey_PassesOnBothNodes_OthersGet401()
    {
        var a = ClusterSetUp.UpstreamA;
        var (_, route, path) = await Kong.CreateServiceAndRouteAsync(a.Url, "ka");
        await Kong.WaitForEchoOnAllAsync(path, e => e.Upstream == a.Name);

        // curl -X POST http://localhost:8001/routes/{route}/plugins --data name=key-auth --data config.key_names=apikey
        var plugin = await Kong.FormAsync(HttpMethod.Post, $"/routes/{route}/plugins", ("name", "key-auth"), ("config.key_names", "apikey"));
        Assert.That(plugin.Status, Is.EqualTo(HttpStatusCode.Created), plugin.ToString());

        // curl -i -X POST http://localhost:8001/consumers/ --data username=luka
        var username = Kong.UniqueName("luka");
        var consumer = await Kong.FormAsync(HttpMethod.Post, "/consumers/", ("username", username));
        Assert.That(consumer.Status, Is.EqualTo(HttpStatusCode.Created), consumer.ToString());

        // curl -i -X POST http://localhost:8001/consumers/luka/key-auth --data key=top-secret-key
        var key = Kong.UniqueName("top-secret-key");
        var credential = await Kong.FormAsync(HttpMethod.Post, $"/consumers/{username}/key-auth", ("key", key));
        Assert.That(credential.Status, Is.EqualTo(HttpStatusCode.Created), credential.ToString());

        // curl -i http://localhost:8000/mock/anything  →  401 No API key found in request
        var refused = await Kong.WaitForStatusOnAllAsync(path, HttpStatusCode.Unauthorized);
        Assert.That(refused.Select(r => JsonNode.Parse(r.Body)?["message"]?.ToString()), Is.All.EqualTo("No API key found in request"));

        // curl -i http://localhost:8000/mock/anything -H 'apikey:top-secret-key'  →  200, the upstream learns who called
        var echoes = await Kong.WaitForEchoOnAllAsync(path, e => e.Upstream == a.Name && e.Headers.ContainsKey("x-consumer-id"), headers: new Dictionary<string, string> { ["apikey"] = key });
        foreach (var echo in echoes)
        {
            Assert.That(echo.Headers.GetValueOrDefault("x-consumer-username"), Is.EqualTo(username));
            Assert.That(echo.Headers.GetValueOrDefault("x-consumer-id"), Is.EqualTo(consumer.Id));
            Assert.That(echo.Headers.GetValueOrDefault("x-credential-identifier"), Is.EqualTo(credential.Id));
        }

        // Deleting the consumer deletes its key: both nodes refuse it again.
        var deleted = await Kong.SendAsync(HttpMethod.Delete, $"/consumers/{username}");
        Assert.That(deleted.Status, Is.EqualTo(HttpStatusCode.NoContent), deleted.ToString());
        foreach (var node in ClusterSetUp.System.DataPlanes)
        {
            await Poll.UntilAsync(
                async () =>
                {
                    var (status, _, response) = await Kong.ProxyAsync(node, HttpMethod.Get, path, headers: new Dictionary<string, string> { ["apikey"] = key });
                    response.Dispose();
                    return status == HttpStatusCode.Unauthorized;
                },
                null,
                $"{node.Name} to refuse the deleted consumer's key");
        }
    }
}
