using System.Net;
using System.Net.Http.Headers;
using System.Text;
using HybridGateway.Shared.Snapshots;

namespace HybridGateway.ControlPlane.Tests.AdminApi;

public sealed class DeclarativeConfigApiTests : ControlPlaneTest
{
    private const string KongYaml = """
        _format_version: "3.0"
        services:
        - name: svc
          url: http://upstream:8080/base
          routes:
          - name: r1
            paths: ["/api"]
            plugins:
            - name: request-termination
              config: { status_code: 403 }
        consumers:
        - username: alice
        """;

    [Test]
    public async Task Post_MultipartFile_ReplacesEverythingAsOneVersion()
    {
        await Client.CreateServiceAsync("old");
        await Factory.WaitForSnapshotAsync();
        var revision = await Factory.RevisionAsync();

        using var form = new MultipartFormDataContent
        {
            { new ByteArrayContent(Encoding.UTF8.GetBytes(KongYaml)), "config", "kong.yml" },
        };
        var response = await Client.PostAsync("/config", form);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        Assert.That(await Factory.RevisionAsync(), Is.EqualTo(revision + 1), "one import is one change");
        var stored = await Factory.WaitForSnapshotAsync();
        var config = SnapshotCodec.Decode(stored.Snapshot, stored.Hash);
        Assert.That(config.Services.Select(s => s.Name), Is.EqualTo(new[] { "svc" }), "the old service is gone");
        Assert.That(config.Routes.Single().Service!.Id, Is.EqualTo(config.Services[0].Id));
        Assert.That(config.Plugins.Single().Config.GetProperty("status_code").GetInt32(), Is.EqualTo(403));
        Assert.That(config.Consumers.Single().Username, Is.EqualTo("alice"));

        var route = await (await Client.GetAsync("/routes/r1")).BodyAsync();
        Assert.That((string?)route["paths"]![0], Is.EqualTo("/api"), "imported entities are served by the Admin API");
    }

    [Test]
    public async Task Post_RawYamlAndJson_Accepted()
    {
        using var yaml = new StringContent(KongYaml, Encoding.UTF8, "application/yaml");
        Assert.That((await Client.PostAsync("/config", yaml)).StatusCode, Is.EqualTo(HttpStatusCode.Created));

        var json = """{"_format_version":"3.0","services":[{"name":"json-svc","host":"h"}]}""";
        Assert.That((await Client.PostAsync("/config", AdminClient.Json(json))).StatusCode, Is.EqualTo(HttpStatusCode.Created));
        var services = await (await Client.GetAsync("/services")).BodyAsync();
        Assert.That(services["data"]!.AsArray().Select(s => (string?)s!["name"]), Is.EqualTo(new[] { "json-svc" }));
    }

    [Test]
    public async Task Post_InvalidFile_400WithEveryErrorAndNothingChanged()
    {
        await Client.CreateServiceAsync("keep");
        var before = await Factory.WaitForSnapshotAsync();
        var revision = await Factory.RevisionAsync();
        const string bad = """
            _format_version: "3.0"
            services:
            - name: svc
              host: h
              port: 70000
            routes:
            - name: orphan
              service: nowhere
              paths: [/x]
            """;

        using var content = new StringContent(bad, Encoding.UTF8, "text/yaml");
        var response = await Client.PostAsync("/config", content);
        var body = await response.BodyAsync();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((int?)body["code"], Is.EqualTo(14));
        Assert.That((string?)body["name"], Is.EqualTo("invalid declarative configuration"));
        Assert.That((string?)body["fields"]!["services[0].port"], Does.StartWith("value should be between 0 and 65535"));
        Assert.That((string?)body["fields"]!["routes[0].service"], Does.StartWith("could not find services entity 'nowhere'"));
        Assert.That(body["flattened_errors"]!.AsArray(), Has.Count.EqualTo(2));
        Assert.That(await Factory.RevisionAsync(), Is.EqualTo(revision), "a rejected import changes nothing");
        Assert.That((await Factory.VersionsAsync())[^1].Version, Is.EqualTo(before.Version));
        Assert.That((await Client.GetAsync("/services/keep")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Post_NotAConfig_ClearError()
    {
        var response = await Client.PostAsync("/config", AdminClient.Json("""{"hello":"world"}"""));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((string?)(await response.BodyAsync())["message"], Does.StartWith("expected a declarative configuration"));
    }

    [Test]
    public async Task Get_ThenPost_RoundTripKeepsTheHash()
    {
        using var yaml = new StringContent(KongYaml, Encoding.UTF8, "application/yaml");
        await Client.PostAsync("/config", yaml);
        var first = await Factory.WaitForSnapshotAsync();

        var exported = (string?)(await (await Client.GetAsync("/config")).BodyAsync())["config"];
        using var again = new StringContent(exported!, Encoding.UTF8, "application/yaml");
        Assert.That((await Client.PostAsync("/config", again)).StatusCode, Is.EqualTo(HttpStatusCode.Created));
        var second = await Factory.WaitForSnapshotAsync();

        Assert.That(second.Hash, Is.EqualTo(first.Hash), exported);

        var request = new HttpRequestMessage(HttpMethod.Get, "/config");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/yaml"));
        var raw = await Client.SendAsync(request);
        Assert.That(raw.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/yaml"));
        Assert.That(await raw.Content.ReadAsStringAsync(), Does.StartWith("_format_version: \"3.0\""));
    }
}
