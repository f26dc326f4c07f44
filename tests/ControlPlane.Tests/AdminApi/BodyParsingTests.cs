using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace HybridGateway.ControlPlane.Tests.AdminApi;

public sealed class BodyParsingTests : ControlPlaneTest
{
    [Test]
    public async Task Json_CreatesServiceWithUrlShorthandAndDefaults()
    {
        var response = await Client.PostJsonAsync("/services", """{"name":"svc","url":"http://upstream:8080/api"}""");
        var body = await response.BodyAsync();

        Assert.That((int)response.StatusCode, Is.EqualTo(201));
        Assert.That((string?)body["host"], Is.EqualTo("upstream"));
        Assert.That((int?)body["port"], Is.EqualTo(8080));
        Assert.That((string?)body["path"], Is.EqualTo("/api"));
        Assert.That((int?)body["retries"], Is.EqualTo(5));
        Assert.That(body.ContainsKey("tags") && body["tags"] is null, Is.True, "explicit nulls");
        Assert.That(Guid.TryParse((string?)body["id"], out _), Is.True);
        Assert.That((long?)body["created_at"], Is.GreaterThan(1_700_000_000));
    }

    [Test]
    public async Task Form_DottedKeysArraysAndTypedValues()
    {
        await Client.CreateServiceAsync("svc");
        var route = await Client.SendFormAsync(HttpMethod.Post, "/services/svc/routes", "name=r&paths[]=/a&paths[]=/b&methods=GET&methods=POST&strip_path=false&regex_priority=3");
        var body = await route.BodyAsync();

        Assert.That((int)route.StatusCode, Is.EqualTo(201), body.ToJsonString());
        Assert.That(body["paths"]!.AsArray().Select(p => (string?)p), Is.EqualTo(new[] { "/a", "/b" }));
        Assert.That(body["methods"]!.AsArray().Select(p => (string?)p), Is.EqualTo(new[] { "GET", "POST" }));
        Assert.That((bool?)body["strip_path"], Is.False);
        Assert.That((int?)body["regex_priority"], Is.EqualTo(3));

        var plugin = await Client.SendFormAsync(HttpMethod.Post, "/routes/r/plugins", "name=request-termination&config.status_code=403&config.message=nope");
        var pluginBody = await plugin.BodyAsync();
        Assert.That((int)plugin.StatusCode, Is.EqualTo(201), pluginBody.ToJsonString());
        Assert.That((int?)pluginBody["config"]!["status_code"], Is.EqualTo(403));
        Assert.That((string?)pluginBody["config"]!["message"], Is.EqualTo("nope"));
        Assert.That((string?)pluginBody["route"]!["id"], Is.EqualTo((string?)body["id"]));
    }

    [Test]
    public async Task Form_IndexedKeysAndSingleValueArray()
    {
        await Client.CreateServiceAsync("svc");
        var route = await Client.SendFormAsync(HttpMethod.Post, "/services/svc/routes", "paths[2]=/second&paths[1]=/first&hosts=example.com");
        var body = await route.BodyAsync();

        Assert.That((int)route.StatusCode, Is.EqualTo(201), body.ToJsonString());
        Assert.That(body["paths"]!.AsArray().Select(p => (string?)p), Is.EqualTo(new[] { "/first", "/second" }));
        Assert.That(body["hosts"]!.AsArray().Select(p => (string?)p), Is.EqualTo(new[] { "example.com" }));
    }

    [Test]
    public async Task Form_EmptyStringBecomesNull()
    {
        await Client.CreateServiceAsync("svc");
        var response = await Client.SendFormAsync(HttpMethod.Patch, "/services/svc", "path=");
        var body = await response.BodyAsync();
        Assert.That((int)response.StatusCode, Is.EqualTo(200), body.ToJsonString());
        Assert.That(body["path"], Is.Null);
    }

    [Test]
    public async Task Multipart_FieldsAndFileFields()
    {
        using var content = new MultipartFormDataContent
        {
            { new StringContent("svc"), "name" },
            { new StringContent("upstream.test"), "host" },
            { new StringContent("8081"), "port" },
        };
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes("/from-file"));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
        content.Add(file, "path", "path.txt");

        var response = await Client.PostAsync("/services", content);
        var body = await response.BodyAsync();

        Assert.That((int)response.StatusCode, Is.EqualTo(201), body.ToJsonString());
        Assert.That((int?)body["port"], Is.EqualTo(8081));
        Assert.That((string?)body["path"], Is.EqualTo("/from-file"));
    }

    [Test]
    public async Task NoBodyAtAll_IsAnEmptyObject()
    {
        var response = await Client.PostAsync("/consumers", null);
        var body = await response.BodyAsync();

        Assert.That((int)response.StatusCode, Is.EqualTo(400));
        Assert.That((string?)body["message"], Is.EqualTo("schema violation (at least one of these fields must be non-empty: 'custom_id', 'username')"));
    }

    [Test]
    public async Task EmptyForm_IsAnEmptyObject()
    {
        var response = await Client.SendFormAsync(HttpMethod.Post, "/consumers", "");
        Assert.That((int)response.StatusCode, Is.EqualTo(400));
        Assert.That((string?)(await response.BodyAsync())["name"], Is.EqualTo("schema violation"));
    }

    [TestCase("text/plain")]
    [TestCase("application/xml")]
    public async Task OtherContentType_Is415WithMessage(string contentType)
    {
        var response = await Client.PostAsync("/services", new StringContent("name=x", Encoding.UTF8, contentType));
        Assert.That((int)response.StatusCode, Is.EqualTo(415));
        Assert.That((string?)(await response.BodyAsync())["message"], Is.EqualTo("Unsupported Media Type"));
    }

    [Test]
    public async Task BodyWithoutContentType_Is415()
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes("{\"name\":\"x\"}"));
        var response = await Client.PostAsync("/services", content);
        Assert.That((int)response.StatusCode, Is.EqualTo(415));
        Assert.That((string?)(await response.BodyAsync())["message"], Is.EqualTo("Unsupported Media Type"));
    }

    [TestCase("{bad")]
    [TestCase("")]
    [TestCase("[1,2]")]
    public async Task BadJson_Is400CannotParse(string json)
    {
        var response = await Client.PostJsonAsync("/services", json);
        Assert.That((int)response.StatusCode, Is.EqualTo(400));
        Assert.That((string?)(await response.BodyAsync())["message"], Is.EqualTo("Cannot parse JSON body"));
    }

    [Test]
    public async Task HugeBody_Is413WithJson()
    {
        var big = new string('a', 2 * 1024 * 1024);
        var response = await Client.PostJsonAsync("/services", $$"""{"name":"{{big}}"}""");
        Assert.That((int)response.StatusCode, Is.EqualTo(413));
        Assert.That((string?)(await response.BodyAsync())["message"], Does.Contain("larger than"));
    }

    [Test]
    public async Task JsonCharsetParameter_IsAccepted()
    {
        var content = new StringContent("""{"username":"bob"}""", Encoding.UTF8);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/json; charset=utf-8");
        var response = await Client.PostAsync("/consumers", content);
        Assert.That((int)response.StatusCode, Is.EqualTo(201));
        Assert.That((string?)(await response.BodyAsync())["username"], Is.EqualTo("bob"));
    }

    [Test]
    public void FormDecoder_NestsDottedKeys()
    {
        var decoded = HybridGateway.ControlPlane.AdminApi.Infrastructure.FormDecoder.Decode(
        [
            new("config.a.b", "1"),
            new("tags[]", "x"),
            new("tags[]", "y"),
            new("plain", "v"),
        ]);
        Assert.That(decoded.ToJsonString(), Is.EqualTo("""{"config":{"a":{"b":"1"}},"tags":["x","y"],"plain":"v"}"""));
        Assert.That(JsonNode.DeepEquals(decoded["tags"], new JsonArray("x", "y")), Is.True);
    }
}
