namespace HybridGateway.ControlPlane.Tests.AdminApi;

public sealed class ErrorResponseTests : ControlPlaneTest
{
    [Test]
    public async Task SchemaViolation_NamesEveryFieldInKongShape()
    {
        var response = await Client.PostJsonAsync("/services", """{"name":"svc","host":"h","port":"x","protocol":"ftp","bogus":1}""");
        var body = await response.BodyAsync();

        Assert.That((int)response.StatusCode, Is.EqualTo(400));
        Assert.That((int?)body["code"], Is.EqualTo(2));
        Assert.That((string?)body["name"], Is.EqualTo("schema violation"));
        Assert.That((string?)body["message"], Does.StartWith("3 schema violations ("));
        Assert.That(body["fields"]!["bogus"]?.ToString(), Is.EqualTo("unknown field"));
        Assert.That(body["fields"]!["port"], Is.Not.Null);
        Assert.That(body["fields"]!["protocol"]?.ToString(), Does.StartWith("expected one of"));
    }

    [Test]
    public async Task RouteWithoutMatchers_GetsKongEntityCheckMessage()
    {
        await Client.CreateServiceAsync("svc");
        var response = await Client.PostJsonAsync("/services/svc/routes", "{}");
        var body = await response.BodyAsync();

        Assert.That((int)response.StatusCode, Is.EqualTo(400));
        Assert.That((string?)body["message"], Is.EqualTo("schema violation (must set one of 'methods', 'hosts', 'headers', 'paths', 'snis' when 'protocols' is 'https')"));
        Assert.That(body["fields"]!["@entity"]![0]!.ToString(), Does.StartWith("must set one of"));
    }

    [Test]
    public async Task UnknownPlugin_IsNotEnabled()
    {
        var response = await Client.PostJsonAsync("/plugins", """{"name":"no-such-plugin"}""");
        var body = await response.BodyAsync();

        Assert.That((int)response.StatusCode, Is.EqualTo(400));
        Assert.That(body["fields"]!["name"]!.ToString(), Is.EqualTo("plugin 'no-such-plugin' not enabled; add it to the 'plugins' configuration property"));
    }

    [Test]
    public async Task DuplicateName_Is409UniqueViolation()
    {
        await Client.CreateServiceAsync("svc");
        var response = await Client.PostJsonAsync("/services", """{"name":"svc","host":"other"}""");
        var body = await response.BodyAsync();

        Assert.That((int)response.StatusCode, Is.EqualTo(409));
        Assert.That((int?)body["code"], Is.EqualTo(5));
        Assert.That((string?)body["name"], Is.EqualTo("unique constraint violation"));
        Assert.That((string?)body["message"], Is.EqualTo("UNIQUE violation detected on '{name=\"svc\"}'"));
        Assert.That((string?)body["fields"]!["name"], Is.EqualTo("svc"));
    }

    [Test]
    public async Task DuplicateConsumerUsername_Is409()
    {
        Assert.That((int)(await Client.PostJsonAsync("/consumers", """{"username":"bob"}""")).StatusCode, Is.EqualTo(201));
        var response = await Client.PostJsonAsync("/consumers", """{"username":"bob"}""");
        Assert.That((int)response.StatusCode, Is.EqualTo(409));
        Assert.That((string?)(await response.BodyAsync())["message"], Is.EqualTo("UNIQUE violation detected on '{username=\"bob\"}'"));
    }

    [Test]
    public async Task SecondPluginOfSameNameAndScope_Is409()
    {
        var service = await Client.CreateServiceAsync("svc");
        Assert.That((int)(await Client.PostJsonAsync("/services/svc/plugins", """{"name":"request-termination"}""")).StatusCode, Is.EqualTo(201));
        var response = await Client.PostJsonAsync("/services/svc/plugins", """{"name":"request-termination"}""");
        var body = await response.BodyAsync();

        Assert.That((int)response.StatusCode, Is.EqualTo(409));
        Assert.That((string?)body["message"], Is.EqualTo($"UNIQUE violation detected on '{{consumer=null,name=\"request-termination\",route=null,service={{id=\"{service["id"]}\"}}}}'"));

        // A global one of the same name is another scope.
        Assert.That((int)(await Client.PostJsonAsync("/plugins", """{"name":"request-termination"}""")).StatusCode, Is.EqualTo(201));
    }

    [Test]
    public async Task UnknownForeignKey_Is400Code4()
    {
        var id = Guid.NewGuid();
        var response = await Client.PostJsonAsync("/routes", $$$"""{"paths":["/a"],"service":{"id":"{{{id}}}"}}""");
        var body = await response.BodyAsync();

        Assert.That((int)response.StatusCode, Is.EqualTo(400));
        Assert.That((int?)body["code"], Is.EqualTo(4));
        Assert.That((string?)body["name"], Is.EqualTo("foreign key violation"));
        Assert.That((string?)body["message"], Is.EqualTo($"the foreign key '{{id=\"{id}\"}}' does not reference an existing 'services' entity."));
        Assert.That((string?)body["fields"]!["service"]!["id"], Is.EqualTo(id.ToString()));
    }

    [Test]
    public async Task DeletingServiceWithRoutes_IsRefused()
    {
        await Client.CreateServiceAsync("svc");
        await Client.CreateRouteAsync("svc", "r", "/a");

        var response = await Client.DeleteAsync("/services/svc");
        var body = await response.BodyAsync();

        Assert.That((int)response.StatusCode, Is.EqualTo(400));
        Assert.That((int?)body["code"], Is.EqualTo(4));
        Assert.That((string?)body["message"], Is.EqualTo("an existing 'routes' entity references this 'services' entity"));
        Assert.That((int)(await Client.GetAsync("/services/svc")).StatusCode, Is.EqualTo(200));
    }

    [TestCase("/services/nope")]
    [TestCase("/routes/00000000-0000-0000-0000-000000000001")]
    [TestCase("/no/such/path")]
    [TestCase("/services/nope/routes")]
    public async Task NotFound_IsKongMessage(string path)
    {
        var response = await Client.GetAsync(path);
        Assert.That((int)response.StatusCode, Is.EqualTo(404));
        Assert.That((string?)(await response.BodyAsync())["message"], Is.EqualTo("Not found"));
    }

    [Test]
    public async Task WrongMethod_Is405WithMessage()
    {
        var response = await Client.PutAsync("/services", AdminClient.Json("{}"));
        Assert.That((int)response.StatusCode, Is.EqualTo(405));
        Assert.That((string?)(await response.BodyAsync())["message"], Is.EqualTo("Method not allowed"));
    }

    [Test]
    public async Task FailedChange_LeavesStoreAndVersionUntouched()
    {
        await Client.CreateServiceAsync("svc");
        var before = await Factory.WaitForSnapshotAsync();
        var revision = await Factory.RevisionAsync();

        Assert.That((int)(await Client.PostJsonAsync("/services", """{"name":"bad","host":"h","port":70000}""")).StatusCode, Is.EqualTo(400));
        Assert.That((int)(await Client.PostJsonAsync("/services", """{"name":"svc","host":"h"}""")).StatusCode, Is.EqualTo(409));
        Assert.That((int)(await Client.PatchAsync("/services/svc", AdminClient.Json("""{"retries":-1}"""))).StatusCode, Is.EqualTo(400));
        await Task.Delay(200);

        Assert.That(await Factory.RevisionAsync(), Is.EqualTo(revision), "a rejected change allocates no revision");
        var after = await Factory.VersionsAsync();
        Assert.That(after[^1].Version, Is.EqualTo(before.Version), "and stores no version");
        var service = await (await Client.GetAsync("/services/svc")).BodyAsync();
        Assert.That((int?)service["retries"], Is.EqualTo(5));
    }
}
