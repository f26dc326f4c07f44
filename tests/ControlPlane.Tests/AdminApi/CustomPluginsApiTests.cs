using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace HybridGateway.ControlPlane.Tests.AdminApi;

/// <summary>
/// <c>/custom-plugins</c>: manifests validated at upload (every problem named), stored and versioned; instances of a
/// custom plugin validated against its schema; changes and deletes that would break instances refused with 409.
/// </summary>
public sealed class CustomPluginsApiTests : ControlPlaneTest
{
    private const string Schema = """
        {"$schema":"https://json-schema.org/draft/2020-12/schema","type":"object","additionalProperties":false,
         "properties":{"header":{"type":"string","default":"X-Added"},"value":{"type":"string","maxLength":16}},"required":["value"]}
        """;

    private static string Manifest(string schema = Schema, string version = "1.0.0") =>
        $$"""{"name":"add-header","version":"{{version}}","priority":800,"phases":["access"],"description":"Adds a header.","schema":{{schema}}}""";

    [Test]
    public async Task Upload_AsJson_IsStored_AndItsInstancesAreValidatedWithDefaults()
    {
        var created = await Client.PostJsonAsync("/custom-plugins", Manifest());
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created), await created.Content.ReadAsStringAsync());
        Assert.That((string?)(await (await Client.GetAsync("/custom-plugins/add-header")).BodyAsync())["version"], Is.EqualTo("1.0.0"));
        Assert.That((await (await Client.GetAsync("/plugins/enabled")).BodyAsync())["enabled_plugins"]!.AsArray().Select(n => (string?)n), Does.Contain("add-header"));

        var instance = await Client.PostJsonAsync("/plugins", """{"name":"add-header","config":{"value":"1"}}""");
        Assert.That(instance.StatusCode, Is.EqualTo(HttpStatusCode.Created), await instance.Content.ReadAsStringAsync());
        Assert.That((string?)(await instance.BodyAsync())["config"]!["header"], Is.EqualTo("X-Added"), "defaults filled");

        var bad = await Client.PostJsonAsync("/plugins", """{"name":"add-header","config":{"value":"far too long for the limit","colour":"red"}}""");
        Assert.That(bad.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var fields = (await bad.BodyAsync())["fields"]!["config"]!;
        Assert.That((string?)fields["value"], Does.Contain("too long"));
        Assert.That((string?)fields["colour"], Is.EqualTo("unknown field"));

        var snapshot = Factory.Open(await Factory.WaitForSnapshotAsync());
        Assert.That(snapshot.CustomPlugins.Single().Name, Is.EqualTo("add-header"));
        Assert.That(snapshot.Plugins.Single().Name, Is.EqualTo("add-header"));
    }

    [Test]
    public async Task Upload_AsFiles_LikeCurlDashF()
    {
        using var form = new MultipartFormDataContent
        {
            { new ByteArrayContent(Encoding.UTF8.GetBytes(Manifest())), "manifest", "manifest.json" },
        };
        var whole = await Client.PostAsync("/custom-plugins", form);
        Assert.That(whole.StatusCode, Is.EqualTo(HttpStatusCode.Created), await whole.Content.ReadAsStringAsync());

        using var parts = new MultipartFormDataContent
        {
            { new StringContent("other-plugin"), "name" },
            { new StringContent("0.1.0"), "version" },
            { new StringContent("10"), "priority" },
            { new StringContent("access"), "phases[]" },
            { new ByteArrayContent(Encoding.UTF8.GetBytes(Schema)), "schema", "schema.json" },
        };
        var split = await Client.PostAsync("/custom-plugins", parts);
        Assert.That(split.StatusCode, Is.EqualTo(HttpStatusCode.Created), await split.Content.ReadAsStringAsync());
        Assert.That((string?)(await split.BodyAsync())["schema"]!["type"], Is.EqualTo("object"));
    }

    [Test]
    public async Task BadUploads_Are400_NamingEveryProblem_AndStoreNothing()
    {
        var before = await Factory.RevisionAsync();
        var response = await Client.PostJsonAsync(
            "/custom-plugins",
            """{"name":"jwt","version":"one","priority":1,"phases":["rewrite"],"schema":{"type":"object","properties":{"a":{"$ref":"https://evil.example/s.json"}}}}""");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), await response.Content.ReadAsStringAsync());
        var fields = (await response.BodyAsync())["fields"]!.AsObject();
        Assert.That(fields.Select(f => f.Key), Is.SupersetOf(new[] { "name", "version", "phases", "schema" }), fields.ToJsonString());
        Assert.That(await Factory.RevisionAsync(), Is.EqualTo(before), "nothing was written");

        var notJson = await Client.SendFormAsync(HttpMethod.Post, "/custom-plugins", "name=x&version=1.0.0&priority=1&phases[]=access&schema={not json");
        Assert.That(notJson.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((string?)(await notJson.BodyAsync())["fields"]!["schema"], Does.StartWith("not valid JSON"));
    }

    [Test]
    public async Task ChangingTheSchema_SoThatInstancesBreak_Is409ListingThem_ACompatibleChangeIsFine()
    {
        await Client.PostJsonAsync("/custom-plugins", Manifest());
        var instance = await (await Client.PostJsonAsync("/plugins", """{"name":"add-header","config":{"value":"12345678"}}""")).BodyAsync();
        var id = (string)instance["id"]!;

        var stricter = Schema.Replace("\"maxLength\":16", "\"maxLength\":4", StringComparison.Ordinal);
        var refused = await Client.SendJsonAsync(HttpMethod.Put, "/custom-plugins/add-header", Manifest(stricter, "2.0.0"));
        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.Conflict), await refused.Content.ReadAsStringAsync());
        var body = await refused.BodyAsync();
        Assert.That((string?)body["fields"]!["instances"]![id]!["config"]!["value"], Does.Contain("too long"));
        Assert.That((string?)(await (await Client.GetAsync("/custom-plugins/add-header")).BodyAsync())["version"], Is.EqualTo("1.0.0"), "the stored manifest is unchanged");

        var looser = Schema.Replace("\"maxLength\":16", "\"maxLength\":64", StringComparison.Ordinal);
        var accepted = await Client.SendJsonAsync(HttpMethod.Put, "/custom-plugins/add-header", Manifest(looser, "1.1.0"));
        Assert.That(accepted.StatusCode, Is.EqualTo(HttpStatusCode.OK), await accepted.Content.ReadAsStringAsync());
    }

    [Test]
    public async Task DeletingAPluginInUse_Is409_ThenFineOnceItsInstancesAreGone()
    {
        await Client.PostJsonAsync("/custom-plugins", Manifest());
        var id = (string)(await (await Client.PostJsonAsync("/plugins", """{"name":"add-header","config":{"value":"1"}}""")).BodyAsync())["id"]!;

        var refused = await Client.DeleteAsync("/custom-plugins/add-header");
        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That((await refused.BodyAsync())["fields"]!["instances"]!.AsObject().ContainsKey(id), Is.True);

        Assert.That((await Client.DeleteAsync($"/plugins/{id}")).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That((await Client.DeleteAsync("/custom-plugins/add-header")).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That((await Client.PostJsonAsync("/plugins", """{"name":"add-header","config":{"value":"1"}}""")).StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), "no longer enabled");
    }

    [Test]
    public async Task TheSchemasEndpoint_DescribesACustomPluginsFields()
    {
        await Client.PostJsonAsync("/custom-plugins", Manifest());

        var schema = await (await Client.GetAsync("/schemas/plugins/add-header")).BodyAsync();

        Assert.That(schema.ToJsonString(), Does.Contain("\"header\"").And.Contain("X-Added"));
    }

    [Test]
    public async Task ADeclarativeFile_MayConfigureACustomPlugin_AndKeepsTheUploadedManifests()
    {
        await Client.PostJsonAsync("/custom-plugins", Manifest());
        const string yaml = """
            _format_version: "3.0"
            plugins:
            - name: add-header
              config:
                value: from-yaml
            """;

        var loaded = await Client.PostAsync("/config", new StringContent(yaml, Encoding.UTF8, "application/yaml"));
        Assert.That(loaded.StatusCode, Is.EqualTo(HttpStatusCode.Created), await loaded.Content.ReadAsStringAsync());

        var config = Factory.Open(await Factory.WaitForSnapshotAsync());
        Assert.That(config.CustomPlugins.Select(p => p.Name), Is.EqualTo(new[] { "add-header" }));
        Assert.That(config.Plugins.Single().Config.GetProperty("header").GetString(), Is.EqualTo("X-Added"));

        var invalid = await Client.PostAsync("/config", new StringContent(yaml.Replace("from-yaml", "this value is much too long", StringComparison.Ordinal), Encoding.UTF8, "application/yaml"));
        Assert.That(invalid.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), await invalid.Content.ReadAsStringAsync());
    }

    [Test]
    public async Task TheReadmesSteps_AnswerAsDocumented()
    {
        // README.md's upload, as written there.
        var upload = await Client.PostJsonAsync("/custom-plugins", """
            {"name":"add-header",
              "version":"1.0.0","priority":800,"phases":["access"],"schema":{"type":"object","required":["value"],
              "properties":{"header":{"type":"string","default":"X-Added"},"value":{"type":"string"}}}}
            """);
        Assert.That(upload.StatusCode, Is.EqualTo(HttpStatusCode.Created), await upload.Content.ReadAsStringAsync());

        var valid = await Client.SendFormAsync(HttpMethod.Post, "/schemas/plugins/validate", "name=add-header&config.value=hello");
        var missing = await Client.SendFormAsync(HttpMethod.Post, "/schemas/plugins/validate", "name=add-header");

        Assert.That(valid.StatusCode, Is.EqualTo(HttpStatusCode.OK), await valid.Content.ReadAsStringAsync());
        Assert.That(missing.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((string?)(await missing.BodyAsync())["fields"]!["config"]!["value"], Is.EqualTo("required field missing"));
    }
}
