using System.Text.Json.Nodes;

namespace HybridGateway.ControlPlane.Tests.AdminApi;

public sealed class EntitySemanticsTests : ControlPlaneTest
{
    [Test]
    public async Task Put_ByName_CreatesWithThatNameThenReplaces()
    {
        var created = await Client.SendJsonAsync(HttpMethod.Put, "/services/my-svc", """{"host":"a.test","retries":2}""");
        var first = await created.BodyAsync();
        Assert.That((int)created.StatusCode, Is.EqualTo(200));
        Assert.That((string?)first["name"], Is.EqualTo("my-svc"));

        var replaced = await (await Client.SendJsonAsync(HttpMethod.Put, "/services/my-svc", """{"host":"b.test"}""")).BodyAsync();
        Assert.That((string?)replaced["id"], Is.EqualTo((string?)first["id"]), "same entity");
        Assert.That((string?)replaced["host"], Is.EqualTo("b.test"));
        Assert.That((int?)replaced["retries"], Is.EqualTo(5), "PUT replaces: omitted fields go back to defaults");
        Assert.That((long?)replaced["created_at"], Is.EqualTo((long?)first["created_at"]));
    }

    [Test]
    public async Task Put_ById_CreatesWithThatId()
    {
        var id = Guid.NewGuid().ToString();
        var response = await Client.SendJsonAsync(HttpMethod.Put, $"/services/{id}", """{"host":"a.test"}""");
        var body = await response.BodyAsync();
        Assert.That((int)response.StatusCode, Is.EqualTo(200));
        Assert.That((string?)body["id"], Is.EqualTo(id));
        Assert.That(body["name"], Is.Null);
        Assert.That((int)(await Client.GetAsync($"/services/{id.ToUpperInvariant()}")).StatusCode, Is.EqualTo(200));
    }

    [Test]
    public async Task Patch_MergesThenValidatesWhole()
    {
        await Client.CreateServiceAsync("svc", "http://a.test:8080/x");
        var response = await Client.PatchAsync("/services/svc", AdminClient.Json("""{"retries":9}"""));
        var body = await response.BodyAsync();
        Assert.That((int)response.StatusCode, Is.EqualTo(200));
        Assert.That((int?)body["retries"], Is.EqualTo(9));
        Assert.That((int?)body["port"], Is.EqualTo(8080), "untouched fields stay");

        var url = await (await Client.PatchAsync("/services/svc", AdminClient.Json("""{"url":"https://b.test"}"""))).BodyAsync();
        Assert.That((string?)url["protocol"], Is.EqualTo("https"));
        Assert.That((int?)url["port"], Is.EqualTo(443));
    }

    [Test]
    public async Task Patch_PluginConfig_MergesFieldByField()
    {
        await Client.CreateServiceAsync("svc");
        var plugin = await (await Client.PostJsonAsync("/services/svc/plugins", """{"name":"request-termination","config":{"status_code":403,"message":"no"}}""")).BodyAsync();

        var patched = await Client.SendFormAsync(HttpMethod.Patch, $"/plugins/{plugin["id"]}", "config.status_code=418");
        var body = await patched.BodyAsync();
        Assert.That((int)patched.StatusCode, Is.EqualTo(200), body.ToJsonString());
        Assert.That((int?)body["config"]!["status_code"], Is.EqualTo(418));
        Assert.That((string?)body["config"]!["message"], Is.EqualTo("no"));
    }

    [Test]
    public async Task Patch_Unknown_Is404()
    {
        var response = await Client.PatchAsync("/services/nope", AdminClient.Json("{}"));
        Assert.That((int)response.StatusCode, Is.EqualTo(404));
    }

    [Test]
    public async Task Delete_Unknown_Is204_NestedUnknownIs404()
    {
        Assert.That((int)(await Client.DeleteAsync("/services/nope")).StatusCode, Is.EqualTo(204));
        Assert.That((int)(await Client.DeleteAsync($"/plugins/{Guid.NewGuid()}")).StatusCode, Is.EqualTo(204));
        await Client.CreateServiceAsync("svc");
        Assert.That((int)(await Client.DeleteAsync("/services/svc/routes/nope")).StatusCode, Is.EqualTo(404));
    }

    [Test]
    public async Task Delete_Route_CascadesItsPlugins()
    {
        await Client.CreateServiceAsync("svc");
        await Client.CreateRouteAsync("svc", "r", "/a");
        var plugin = await (await Client.PostJsonAsync("/routes/r/plugins", """{"name":"request-termination"}""")).BodyAsync();

        var deleted = await Client.DeleteAsync("/routes/r");
        Assert.That((int)deleted.StatusCode, Is.EqualTo(204));
        Assert.That(await deleted.Content.ReadAsStringAsync(), Is.Empty);
        Assert.That((int)(await Client.GetAsync($"/plugins/{plugin["id"]}")).StatusCode, Is.EqualTo(404));
        Assert.That((int)(await Client.DeleteAsync("/services/svc")).StatusCode, Is.EqualTo(204), "no routes left");
    }

    [Test]
    public async Task Delete_Consumer_CascadesItsPlugins()
    {
        await Client.PostJsonAsync("/consumers", """{"username":"bob"}""");
        var plugin = await (await Client.PostJsonAsync("/consumers/bob/plugins", """{"name":"request-termination"}""")).BodyAsync();
        Assert.That((string?)plugin["consumer"]?["id"], Is.Not.Null, plugin.ToJsonString());

        Assert.That((int)(await Client.DeleteAsync("/consumers/bob")).StatusCode, Is.EqualTo(204));
        Assert.That((int)(await Client.GetAsync($"/plugins/{plugin["id"]}")).StatusCode, Is.EqualTo(404));
    }

    [Test]
    public async Task NestedRoutes_AreScopedToTheirService()
    {
        await Client.CreateServiceAsync("a");
        await Client.CreateServiceAsync("b");
        var ra = await Client.CreateRouteAsync("a", "ra", "/a");
        await Client.CreateRouteAsync("b", "rb", "/b");

        var list = await (await Client.GetAsync("/services/a/routes")).BodyAsync();
        Assert.That(list["data"]!.AsArray().Select(r => (string?)r!["name"]), Is.EqualTo(new[] { "ra" }));
        Assert.That((int)(await Client.GetAsync("/services/a/routes/ra")).StatusCode, Is.EqualTo(200));
        Assert.That((int)(await Client.GetAsync($"/services/a/routes/{ra["id"]}")).StatusCode, Is.EqualTo(200));
        Assert.That((int)(await Client.GetAsync("/services/b/routes/ra")).StatusCode, Is.EqualTo(404), "another service's route");
        Assert.That((int)(await Client.GetAsync("/services/nope/routes")).StatusCode, Is.EqualTo(404));

        var patched = await Client.PatchAsync("/services/a/routes/ra", AdminClient.Json("""{"paths":["/a2"]}"""));
        Assert.That((int)patched.StatusCode, Is.EqualTo(200));
        var put = await Client.SendJsonAsync(HttpMethod.Put, "/services/a/routes/new-route", """{"paths":["/n"]}""");
        var putBody = await put.BodyAsync();
        Assert.That((int)put.StatusCode, Is.EqualTo(200));
        Assert.That((string?)putBody["service"]!["id"], Is.EqualTo((string?)ra["service"]!["id"]));
    }

    [Test]
    public async Task NestedPlugins_ListOnlyTheirScope()
    {
        await Client.CreateServiceAsync("svc");
        await Client.CreateRouteAsync("svc", "r", "/a");
        await Client.PostJsonAsync("/services/svc/plugins", """{"name":"request-termination"}""");
        await Client.PostJsonAsync("/routes/r/plugins", """{"name":"request-termination"}""");
        await Client.PostJsonAsync("/plugins", """{"name":"request-termination"}""");

        Assert.That((await (await Client.GetAsync("/plugins")).BodyAsync())["data"]!.AsArray(), Has.Count.EqualTo(3));
        Assert.That((await (await Client.GetAsync("/services/svc/plugins")).BodyAsync())["data"]!.AsArray(), Has.Count.EqualTo(1));
        Assert.That((await (await Client.GetAsync("/routes/r/plugins")).BodyAsync())["data"]!.AsArray(), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task TrailingSlash_IsAccepted()
    {
        await Client.CreateServiceAsync("svc");
        Assert.That((int)(await Client.GetAsync("/services/")).StatusCode, Is.EqualTo(200));
        Assert.That((int)(await Client.GetAsync("/services/svc/")).StatusCode, Is.EqualTo(200));
        Assert.That((int)(await Client.PostJsonAsync("/services/svc/routes/", """{"paths":["/x"]}""")).StatusCode, Is.EqualTo(201));
    }

    [Test]
    public async Task PluginsEnabled_ListsCatalog()
    {
        var body = await (await Client.GetAsync("/plugins/enabled")).BodyAsync();
        Assert.That(body["enabled_plugins"]!.AsArray().Select(n => (string?)n), Does.Contain("request-termination"));
    }

    [Test]
    public async Task Root_AndStatus_InKongShape()
    {
        var root = await (await Client.GetAsync("/")).BodyAsync();
        Assert.That(root["plugins"]!["available_on_server"]!["request-termination"]!["priority"], Is.Not.Null);
        Assert.That(Guid.TryParse((string?)root["node_id"], out _), Is.True);

        await Client.CreateServiceAsync("svc");
        var version = await Factory.WaitForSnapshotAsync();
        var status = await (await Client.GetAsync("/status")).BodyAsync();
        Assert.That((bool?)status["database"]!["reachable"], Is.True);
        Assert.That((string?)status["configuration_hash"], Is.EqualTo(version.Hash));
        Assert.That((long?)status["config_version"], Is.EqualTo(version.Version));
        Assert.That(status["server"]!["total_requests"], Is.Not.Null);
    }

    [Test]
    public async Task Root_EnabledInCluster_ListsPluginsInUse()
    {
        Assert.That((await (await Client.GetAsync("/")).BodyAsync())["plugins"]!["enabled_in_cluster"]!.AsArray(), Is.Empty);
        await Client.PostJsonAsync("/plugins", """{"name":"request-termination"}""");
        var root = await (await Client.GetAsync("/")).BodyAsync();
        Assert.That(root["plugins"]!["enabled_in_cluster"]!.AsArray().Select(n => (string?)n), Is.EqualTo(new[] { "request-termination" }));
    }

    [Test]
    public async Task ForeignKey_ByEndpointKey_IsResolvedToId()
    {
        var service = await Client.CreateServiceAsync("svc");
        var form = await (await Client.SendFormAsync(HttpMethod.Post, "/routes", "service.name=svc&paths=/a")).BodyAsync();
        Assert.That((string?)form["service"]!["id"], Is.EqualTo((string?)service["id"]), form.ToJsonString());

        var json = await (await Client.PostJsonAsync("/routes", """{"service":{"name":"svc"},"paths":["/b"]}""")).BodyAsync();
        Assert.That((string?)json["service"]!["id"], Is.EqualTo((string?)service["id"]));

        var missing = await Client.PostJsonAsync("/routes", """{"service":{"name":"nope"},"paths":["/c"]}""");
        var body = await missing.BodyAsync();
        Assert.That((int)missing.StatusCode, Is.EqualTo(400));
        Assert.That((int?)body["code"], Is.EqualTo(4));
        Assert.That((string?)body["message"], Is.EqualTo("the foreign key '{name=\"nope\"}' does not reference an existing 'services' entity."));
    }

    [Test]
    public async Task RouteService_ReturnsTheRoutesService()
    {
        var service = await Client.CreateServiceAsync("svc");
        await Client.CreateRouteAsync("svc", "r", "/a");
        var body = await (await Client.GetAsync("/routes/r/service")).BodyAsync();
        Assert.That((string?)body["id"], Is.EqualTo((string?)service["id"]));
        Assert.That((int)(await Client.GetAsync("/routes/nope/service")).StatusCode, Is.EqualTo(404));
    }

    [Test]
    public async Task Get_ByIdOrName()
    {
        var created = await Client.CreateServiceAsync("svc");
        var byName = await (await Client.GetAsync("/services/svc")).BodyAsync();
        var byId = await (await Client.GetAsync($"/services/{created["id"]}")).BodyAsync();
        Assert.That(JsonNode.DeepEquals(byName, byId), Is.True);
        Assert.That(JsonNode.DeepEquals(byName, created), Is.True, "GET renders exactly what POST returned");
    }
}
