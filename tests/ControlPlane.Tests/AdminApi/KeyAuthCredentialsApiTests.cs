using System.Net;
using HybridGateway.Shared.Snapshots;

namespace HybridGateway.ControlPlane.Tests.AdminApi;

public sealed class KeyAuthCredentialsApiTests : ControlPlaneTest
{
    [Test]
    public async Task NestedPost_EmptyBody_GeneratesA32CharacterKey()
    {
        await Client.PostJsonAsync("/consumers", """{"username":"alice"}""");

        var response = await Client.PostAsync("/consumers/alice/key-auth", null);
        var body = await response.BodyAsync();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That((string?)body["key"], Does.Match("^[A-Za-z0-9]{32}$"));
        Assert.That(body.ContainsKey("ttl") && body["ttl"] is null, Is.True);
        var consumer = await (await Client.GetAsync("/consumers/alice")).BodyAsync();
        Assert.That((string?)body["consumer"]!["id"], Is.EqualTo((string?)consumer["id"]));
    }

    [Test]
    public async Task KongTutorialFlow_FormKey_LookupByKeyAndConsumer()
    {
        await Client.PostJsonAsync("/consumers", """{"username":"luka"}""");

        var created = await Client.SendFormAsync(HttpMethod.Post, "/consumers/luka/key-auth", "key=top-secret-key");
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created));

        var byKey = await Client.GetAsync("/key-auths/top-secret-key");
        Assert.That(byKey.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var owner = await (await Client.GetAsync("/key-auths/top-secret-key/consumer")).BodyAsync();
        Assert.That((string?)owner["username"], Is.EqualTo("luka"));
        var list = await (await Client.GetAsync("/consumers/luka/key-auth")).BodyAsync();
        Assert.That(list["data"]!.AsArray(), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task DuplicateKey_409()
    {
        await Client.PostJsonAsync("/consumers", """{"username":"a"}""");
        await Client.PostJsonAsync("/consumers", """{"username":"b"}""");
        await Client.PostJsonAsync("/consumers/a/key-auth", """{"key":"same"}""");

        var response = await Client.PostJsonAsync("/consumers/b/key-auth", """{"key":"same"}""");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That((int?)(await response.BodyAsync())["code"], Is.EqualTo(5));
    }

    [Test]
    public async Task TopLevelPost_WithoutConsumer_SchemaViolation()
    {
        var response = await Client.PostJsonAsync("/key-auths", """{"key":"k"}""");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((string?)(await response.BodyAsync())["message"], Is.EqualTo("schema violation (consumer: required field missing)"));
    }

    [Test]
    public async Task UnknownConsumer_404_AndOtherConsumersCredential_404()
    {
        await Client.PostJsonAsync("/consumers", """{"username":"a"}""");
        await Client.PostJsonAsync("/consumers", """{"username":"b"}""");
        await Client.PostJsonAsync("/consumers/a/key-auth", """{"key":"a-key"}""");

        Assert.That((await Client.PostAsync("/consumers/nobody/key-auth", null)).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await Client.GetAsync("/consumers/b/key-auth/a-key")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await Client.DeleteAsync("/consumers/b/key-auth/a-key")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task DeletingTheConsumer_DeletesItsKeys_AndSnapshotsFollow()
    {
        await Client.PostJsonAsync("/consumers", """{"username":"gone"}""");
        await Client.PostJsonAsync("/consumers/gone/key-auth", """{"key":"gone-key"}""");
        var withKey = await Factory.WaitForSnapshotAsync();
        Assert.That(Factory.Open(withKey).KeyAuthCredentials.Single().Key, Is.EqualTo("gone-key"));

        Assert.That((await Client.DeleteAsync("/consumers/gone")).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));

        Assert.That((await Client.GetAsync("/key-auths/gone-key")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        var after = await Factory.WaitForSnapshotAsync();
        Assert.That(SnapshotCodec.Decode(after.Snapshot, after.Hash).KeyAuthCredentials, Is.Empty);
    }

    [Test]
    public async Task KeyAuthPlugin_ConsumerScoped_Refused()
    {
        await Client.PostJsonAsync("/consumers", """{"username":"c"}""");

        var response = await Client.PostJsonAsync("/consumers/c/plugins", """{"name":"key-auth"}""");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((string?)(await response.BodyAsync())["fields"]!["consumer"], Is.EqualTo("value must be null"));
    }

    [Test]
    public async Task DeclarativeImport_StoresKeyAuthCredentials()
    {
        const string yaml = """
            _format_version: "3.0"
            consumers:
            - username: declared
              keyauth_credentials:
              - key: declared-key
            """;
        using var content = new StringContent(yaml, System.Text.Encoding.UTF8, "application/yaml");

        Assert.That((await Client.PostAsync("/config", content)).StatusCode, Is.EqualTo(HttpStatusCode.Created));
        var owner = await (await Client.GetAsync("/key-auths/declared-key/consumer")).BodyAsync();
        Assert.That((string?)owner["username"], Is.EqualTo("declared"));
    }
}
