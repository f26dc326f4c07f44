using HybridGateway.Shared.Snapshots;

namespace HybridGateway.ControlPlane.Tests.Clustering;

public sealed class ClusterApiTests : ControlPlaneTest
{
    [TestCase(null)]
    [TestCase("wrong-token-wrong-token")]
    public async Task WithoutTheToken_Is401(string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/snapshots/latest");
        if (token is not null)
        {
            request.Headers.Authorization = AdminClient.Bearer(token);
        }

        var response = await Client.SendAsync(request);
        Assert.That((int)response.StatusCode, Is.EqualTo(401));
        Assert.That((string?)(await response.BodyAsync())["message"], Is.EqualTo("Unauthorized"));
    }

    [Test]
    public async Task Latest_ReturnsStoredBytesWithVersionAndHash()
    {
        await Client.CreateServiceAsync("svc");
        var stored = await Factory.WaitForSnapshotAsync();

        var response = await GetAsync("/v1/snapshots/latest");
        var bytes = await response.Content.ReadAsByteArrayAsync();

        Assert.That((int)response.StatusCode, Is.EqualTo(200));
        Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/octet-stream"));
        Assert.That(response.Headers.GetValues("X-Config-Version").Single(), Is.EqualTo(stored.Version.ToString()));
        Assert.That(response.Headers.GetValues("X-Config-Hash").Single(), Is.EqualTo(stored.Hash));
        Assert.That(response.Headers.GetValues("X-Config-Signature").Single(), Is.EqualTo(stored.Signature).And.StartsWith("es256:"));
        Assert.That(bytes, Is.EqualTo(stored.Snapshot));
        Assert.That(SnapshotCodec.Decode(bytes, stored.Hash).Services, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task ByVersion_ReturnsThatVersion_UnknownIs404()
    {
        await Factory.WaitForSnapshotAsync();
        var response = await GetAsync("/v1/snapshots/1");
        Assert.That((int)response.StatusCode, Is.EqualTo(200));
        Assert.That(response.Headers.GetValues("X-Config-Hash").Single(), Is.EqualTo(SnapshotCodec.EmptyConfigHash));

        var missing = await GetAsync("/v1/snapshots/999");
        Assert.That((int)missing.StatusCode, Is.EqualTo(404));
        Assert.That((string?)(await missing.BodyAsync())["message"], Is.EqualTo("Not found"));
    }

    [Test]
    public async Task NoVersionYet_Is404WithMessage()
    {
        // The snapshotter stores version 1 at start; remove it to see the "nothing yet" answer. Its periodic check
        // would store it again, so this control plane checks only once a day.
        using var factory = new ControlPlaneFactory(new() { ["Snapshots:PollIntervalSeconds"] = "86400" });
        await factory.WaitForSnapshotAsync();
        await using (var db = factory.Db())
        {
            db.ConfigVersions.RemoveRange(db.ConfigVersions);
            await db.SaveChangesAsync();
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/snapshots/latest");
        request.Headers.Authorization = AdminClient.Bearer(ControlPlaneFactory.ClusterToken);
        using var client = factory.CreateClient();
        var response = await client.SendAsync(request);
        Assert.That((int)response.StatusCode, Is.EqualTo(404));
        Assert.That((string?)(await response.BodyAsync())["message"], Is.EqualTo("no configuration version yet"));
    }

    [Test]
    public async Task AVersionUsingAPluginTheNodeLacks_IsNotHandedOut_409NamingEachPlugin()
    {
        await Client.PostJsonAsync("/custom-plugins", """
            {"name":"add-header","version":"1.2.0","priority":800,"phases":["access"],
             "schema":{"type":"object","properties":{"value":{"type":"string"}}}}
            """);
        Assert.That((int)(await Client.PostJsonAsync("/plugins", """{"name":"add-header","config":{"value":"v"}}""")).StatusCode, Is.EqualTo(201));
        Assert.That((int)(await Client.PostJsonAsync("/plugins", """{"name":"cors"}""")).StatusCode, Is.EqualTo(201));
        var stored = await Factory.WaitForSnapshotAsync();

        var refused = await GetAsync($"/v1/snapshots/{stored.Version}", "cors/1.0.0, add-header/2.0.0");
        var body = await refused.BodyAsync();
        Assert.That((int)refused.StatusCode, Is.EqualTo(409));
        Assert.That((string?)body["status"], Is.EqualTo("plugin_incompatible"));
        Assert.That((string?)body["message"], Is.EqualTo(
            $"version {stored.Version} uses plugins this data plane cannot run: plugin 'add-header' is not available on this data plane in a compatible version: "
            + "the config's manifest has version 1.2.0, this data plane carries version 2.0.0"));
        Assert.That(refused.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/json"), "an error, never the snapshot");
        Assert.That(refused.Headers.GetValues("X-Config-Version").Single(), Is.EqualTo(stored.Version.ToString()));

        var missing = await (await GetAsync("/v1/snapshots/latest", "jwt/1.0.0")).BodyAsync();
        Assert.That((string?)missing["message"], Does.Contain("plugin 'add-header' is not available on this data plane; plugin 'cors' is not available on this data plane"));

        var handed = await GetAsync("/v1/snapshots/latest", "cors/1.0.0, add-header/1.9.3");
        Assert.That((int)handed.StatusCode, Is.EqualTo(200));
        Assert.That(await handed.Content.ReadAsByteArrayAsync(), Is.EqualTo(stored.Snapshot));
    }

    [TestCase("add-header")]
    [TestCase("add-header/1.0.0,,cors 1")]
    public async Task AMalformedPluginsHeader_Is400NamingIt(string header)
    {
        await Factory.WaitForSnapshotAsync();
        var response = await GetAsync("/v1/snapshots/latest", header);
        Assert.That((int)response.StatusCode, Is.EqualTo(400));
        Assert.That((string?)(await response.BodyAsync())["message"], Does.StartWith("invalid X-Gateway-Plugins header: '"));
    }

    private Task<HttpResponseMessage> GetAsync(string path, string? plugins = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = AdminClient.Bearer(ControlPlaneFactory.ClusterToken);
        if (plugins is not null)
        {
            request.Headers.TryAddWithoutValidation("X-Gateway-Plugins", plugins);
        }

        return Client.SendAsync(request);
    }
}
