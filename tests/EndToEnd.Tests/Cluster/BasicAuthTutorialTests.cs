using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using HybridGateway.Tests.Common;

namespace HybridGateway.EndToEnd.Tests.Cluster;

/// <summary>Kong's "basic authentication" how-to, step by step with its curl commands, against both data planes.</summary>
[TestFixture]
[NonParallelizable]
public sealed class BasicAuthTutorialTests
{
    [Test]
    public async Task BasicAuthTutorial_UserWithPassword_PassesOnBothNodes_CredentialsHidden_OthersGet401()
    {
        var a = ClusterSetUp.UpstreamA;
        var (_, route, path) = await Kong.CreateServiceAndRouteAsync(a.Url, "ba");
        await Kong.WaitForEchoOnAllAsync(path, e => e.Upstream == a.Name);

        // curl -X POST http://localhost:8001/routes/{route}/plugins --data name=basic-auth --data config.hide_credentials=true
        var plugin = await Kong.FormAsync(HttpMethod.Post, $"/routes/{route}/plugins", ("name", "basic-auth"), ("config.hide_credentials", "true"));
        Assert.That(plugin.Status, Is.EqualTo(HttpStatusCode.Created), plugin.ToString());

        // curl -i -X POST http://localhost:8001/consumers/ --data username=alex
        var username = Kong.UniqueName("alex");
        var consumer = await Kong.FormAsync(HttpMethod.Post, "/consumers/", ("username", username));
        Assert.That(consumer.Status, Is.EqualTo(HttpStatusCode.Created), consumer.ToString());

        // curl -i -X POST http://localhost:8001/consumers/alex/basic-auth --data username=alex --data password=abc123
        var credential = await Kong.FormAsync(HttpMethod.Post, $"/consumers/{username}/basic-auth", ("username", username), ("password", "abc123"));
        Assert.That(credential.Status, Is.EqualTo(HttpStatusCode.Created), credential.ToString());
        Assert.That(credential.ToString(), Does.Not.Contain("abc123"), "the Admin API answers with the hash");

        // curl -i http://localhost:8000/anything  →  401 Unauthorized, WWW-Authenticate: Basic realm="service"
        var refused = await Kong.WaitForStatusOnAllAsync(path, HttpStatusCode.Unauthorized);
        Assert.That(refused.Select(r => JsonNode.Parse(r.Body)?["message"]?.ToString()), Is.All.EqualTo("Unauthorized"));

        // curl -i -u alex:abc123 http://localhost:8000/anything  →  200, the upstream learns who called but not how
        var basic = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{username}:abc123"));
        var echoes = await Kong.WaitForEchoOnAllAsync(path, e => e.Upstream == a.Name && e.Headers.ContainsKey("x-consumer-id"), headers: new Dictionary<string, string> { ["Authorization"] = basic });
        foreach (var echo in echoes)
        {
            Assert.That(echo.Headers.GetValueOrDefault("x-consumer-username"), Is.EqualTo(username));
            Assert.That(echo.Headers.GetValueOrDefault("x-consumer-id"), Is.EqualTo(consumer.Id));
            Assert.That(echo.Headers.GetValueOrDefault("x-credential-identifier"), Is.EqualTo(username));
            Assert.That(echo.Headers.ContainsKey("authorization"), Is.False, "hide_credentials");
        }

        // A wrong password is refused by both nodes.
        var wrong = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{username}:abc124"));
        foreach (var node in ClusterSetUp.System.DataPlanes)
        {
            var (status, _, response) = await Kong.ProxyAsync(node, HttpMethod.Get, path, headers: new Dictionary<string, string> { ["Authorization"] = wrong });
            response.Dispose();
            Assert.That(status, Is.EqualTo(HttpStatusCode.Unauthorized), node.Name);
        }
    }
}
