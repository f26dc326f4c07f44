namespace HybridGateway.ControlPlane.Tests.AdminApi;

public sealed class SchemasApiTests
{
    [Test]
    public async Task Schemas_DescribeEntitiesAndPlugins_AndValidate()
    {
        using var factory = new ControlPlaneFactory();
        using var client = factory.CreateClient();

        var services = await (await client.GetAsync("/schemas/services")).BodyAsync();
        var fields = services["fields"]!.AsArray().Select(f => f!.AsObject()).ToList();
        var host = fields.Single(f => f.ContainsKey("host"))["host"]!;
        Assert.That((string?)host["type"], Is.EqualTo("string"));
        Assert.That((bool?)host["required"], Is.True);
        Assert.That((int?)fields.Single(f => f.ContainsKey("retries"))["retries"]!["default"], Is.EqualTo(5));

        var plugin = await (await client.GetAsync("/schemas/plugins/request-termination")).BodyAsync();
        var config = plugin["fields"]!.AsArray().Select(f => f!.AsObject()).Single(f => f.ContainsKey("config"))["config"]!;
        Assert.That((string?)config["type"], Is.EqualTo("record"));
        Assert.That(config["fields"]!.AsArray().Any(f => f!.AsObject().ContainsKey("status_code")), Is.True);

        Assert.That((int)(await client.GetAsync("/schemas/nope")).StatusCode, Is.EqualTo(404));
        Assert.That((int)(await client.GetAsync("/schemas/plugins/nope")).StatusCode, Is.EqualTo(404));

        var valid = await client.PostJsonAsync("/schemas/services/validate", """{"host":"h"}""");
        Assert.That((int)valid.StatusCode, Is.EqualTo(200));
        Assert.That((string?)(await valid.BodyAsync())["message"], Is.EqualTo("schema validation successful"));
        var invalid = await client.PostJsonAsync("/schemas/services/validate", """{"port":"x"}""");
        Assert.That((int)invalid.StatusCode, Is.EqualTo(400));
        Assert.That((int?)(await invalid.BodyAsync())["code"], Is.EqualTo(2));
        Assert.That((await factory.VersionsAsync()).Count, Is.LessThanOrEqualTo(1), "validation stores nothing");
    }
}
