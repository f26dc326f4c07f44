using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using HybridGateway.Shared.Snapshots;
using HybridGateway.Tests.Common;

namespace HybridGateway.ControlPlane.Tests.AdminApi;

/// <summary>
/// Kong's <c>/ca_certificates</c>: JSON, form and multipart bodies, Kong's certificate checks and messages, the
/// computed unique <c>cert_digest</c>, mtls-auth configs that must name existing CAs (which cannot then be deleted),
/// snapshots and declarative export/import.
/// </summary>
public sealed class CaCertificatesApiTests : ControlPlaneTest
{
    private static readonly string CaPem = TestCertificates.CreateCa("CN=Admin API Test CA").ExportCertificatePem();

    [Test]
    public async Task Create_Json_DigestIsTheSha256OfTheDer_GetListPatchDelete()
    {
        var created = await Client.PostJsonAsync("/ca_certificates", new JsonObject { ["cert"] = CaPem, ["tags"] = new JsonArray("mtls"), ["cert_digest"] = "ignored" }.ToJsonString());
        var body = await created.BodyAsync();

        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created), body.ToJsonString());
        var der = Convert.FromBase64String(string.Concat(CaPem.Split('\n').Where(l => !l.StartsWith("-----", StringComparison.Ordinal))));
        Assert.That((string?)body["cert_digest"], Is.EqualTo(Convert.ToHexStringLower(SHA256.HashData(der))));
        Assert.That((string?)body["cert"], Is.EqualTo(CaPem));
        var id = (string)body["id"]!;
        Assert.That((await Client.GetAsync($"/ca_certificates/{id}")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await (await Client.GetAsync("/ca_certificates?tags=mtls")).BodyAsync())["data"]!.AsArray(), Has.Count.EqualTo(1));
        Assert.That((await Client.SendJsonAsync(HttpMethod.Patch, $"/ca_certificates/{id}", """{"tags":["other"]}""")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await Client.GetAsync("/ca_certificates/not-a-uuid")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await Client.DeleteAsync($"/ca_certificates/{id}")).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That((await Client.GetAsync($"/ca_certificates/{id}")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task Create_FormAndMultipartFile_LikeCurl()
    {
        var form = await Client.SendFormAsync(HttpMethod.Post, "/ca_certificates", $"cert={Uri.EscapeDataString(CaPem)}");
        Assert.That(form.StatusCode, Is.EqualTo(HttpStatusCode.Created), await form.Content.ReadAsStringAsync());
        await Client.DeleteAsync($"/ca_certificates/{(string)(await form.BodyAsync())["id"]!}");

        using var multipart = new MultipartFormDataContent { { new ByteArrayContent(Encoding.ASCII.GetBytes(CaPem)), "cert", "ca.pem" } };
        var file = await Client.PostAsync("/ca_certificates", multipart);

        Assert.That(file.StatusCode, Is.EqualTo(HttpStatusCode.Created), await file.Content.ReadAsStringAsync());
        Assert.That((string?)(await file.BodyAsync())["cert"], Is.EqualTo(CaPem));
    }

    [TestCase("not a certificate", "invalid certificate")]
    [TestCase("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n", "invalid certificate")]
    public async Task BadPem_400_NamingCert(string cert, string message)
    {
        var response = await Client.PostJsonAsync("/ca_certificates", new JsonObject { ["cert"] = cert }.ToJsonString());
        var body = await response.BodyAsync();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((int?)body["code"], Is.EqualTo(2));
        Assert.That((string?)body["fields"]!["cert"], Does.StartWith(message));
    }

    [Test]
    public async Task TwoCertificates_NotACa_Expired_MissingCert_AllRefused()
    {
        var ca = TestCertificates.CreateCa("CN=Issuer");
        var leaf = TestCertificates.CreateClient(ca, "CN=leaf").ExportCertificatePem();
        var expired = TestCertificates.CreateCa("CN=Old", notBefore: DateTimeOffset.UtcNow.AddDays(-10), notAfter: DateTimeOffset.UtcNow.AddDays(-1)).ExportCertificatePem();

        var two = await (await Client.PostJsonAsync("/ca_certificates", new JsonObject { ["cert"] = CaPem + "\n" + CaPem }.ToJsonString())).BodyAsync();
        var notCa = await (await Client.PostJsonAsync("/ca_certificates", new JsonObject { ["cert"] = leaf }.ToJsonString())).BodyAsync();
        var old = await (await Client.PostJsonAsync("/ca_certificates", new JsonObject { ["cert"] = expired }.ToJsonString())).BodyAsync();
        var missing = await (await Client.PostJsonAsync("/ca_certificates", "{}")).BodyAsync();

        Assert.That((string?)two["fields"]!["cert"], Is.EqualTo("please submit only one certificate at a time"));
        Assert.That((string?)notCa["fields"]!["@entity"]![0], Is.EqualTo("certificate does not appear to be a CA because it is missing the \"CA\" basic constraint"));
        Assert.That((string?)old["fields"]!["@entity"]![0], Is.EqualTo("certificate expired, \"Not After\" time is in the past"));
        Assert.That((string?)missing["fields"]!["cert"], Is.EqualTo("required field missing"));
    }

    [Test]
    public async Task SameCertificateTwice_409OnTheDigest()
    {
        await Client.PostJsonAsync("/ca_certificates", new JsonObject { ["cert"] = CaPem }.ToJsonString());
        var again = await Client.PostJsonAsync("/ca_certificates", new JsonObject { ["cert"] = CaPem }.ToJsonString());

        Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That((string?)(await again.BodyAsync())["message"], Does.StartWith("UNIQUE violation detected on '{cert_digest="));
    }

    [Test]
    public async Task MtlsAuth_MustNameExistingCas_AndTheirDeleteIsRefusedNamingThePlugin()
    {
        var ca = (string)(await (await Client.PostJsonAsync("/ca_certificates", new JsonObject { ["cert"] = CaPem }.ToJsonString())).BodyAsync())["id"]!;
        var unknown = Guid.NewGuid().ToString();

        var bad = await Client.PostJsonAsync("/plugins", new JsonObject { ["name"] = "mtls-auth", ["config"] = new JsonObject { ["ca_certificates"] = new JsonArray(ca, unknown) } }.ToJsonString());
        Assert.That(bad.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((string?)(await bad.BodyAsync())["fields"]!["config"]!["ca_certificates"], Does.Contain(unknown));

        var strict = await Client.PostJsonAsync("/plugins", new JsonObject { ["name"] = "mtls-auth", ["config"] = new JsonObject { ["ca_certificates"] = new JsonArray(ca), ["revocation_check_mode"] = "STRICT" } }.ToJsonString());
        Assert.That((string?)(await strict.BodyAsync())["fields"]!["config"]!["revocation_check_mode"], Does.StartWith("STRICT is not supported"));

        var plugin = await Client.SendFormAsync(HttpMethod.Post, "/plugins", $"name=mtls-auth&config.ca_certificates[]={ca}");
        var pluginBody = await plugin.BodyAsync();
        Assert.That(plugin.StatusCode, Is.EqualTo(HttpStatusCode.Created), pluginBody.ToJsonString());
        Assert.That((string?)pluginBody["config"]!["authenticated_group_by"], Is.EqualTo("CN"));
        Assert.That(pluginBody["config"]!["consumer_by"]!.AsArray().Select(v => (string?)v), Is.EqualTo(new[] { "username", "custom_id" }));
        Assert.That((string?)pluginBody["config"]!["revocation_check_mode"], Is.EqualTo("IGNORE_CA_ERROR"));

        var refused = await Client.DeleteAsync($"/ca_certificates/{ca}");
        var message = (string?)(await refused.BodyAsync())["message"];
        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(message, Does.Contain("mtls-auth").And.Contain((string)pluginBody["id"]!));

        Assert.That((await Client.DeleteAsync($"/plugins/{(string)pluginBody["id"]!}")).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That((await Client.DeleteAsync($"/ca_certificates/{ca}")).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
    }

    [Test]
    public async Task SnapshotCarriesTheCa_ExportThenImport_KeepsTheHash()
    {
        var ca = (string)(await (await Client.PostJsonAsync("/ca_certificates", new JsonObject { ["cert"] = CaPem }.ToJsonString())).BodyAsync())["id"]!;
        await Client.PostJsonAsync("/plugins", new JsonObject { ["name"] = "mtls-auth", ["config"] = new JsonObject { ["ca_certificates"] = new JsonArray(ca) } }.ToJsonString());
        var first = await Factory.WaitForSnapshotAsync();
        var config = SnapshotCodec.Decode(first.Snapshot, first.Hash);
        Assert.That(config.CaCertificates.Single().Id.ToString(), Is.EqualTo(ca));

        var exported = (string?)(await (await Client.GetAsync("/config")).BodyAsync())["config"];
        Assert.That(exported, Does.Contain("ca_certificates:"));
        using var again = new StringContent(exported!, Encoding.UTF8, "application/yaml");
        var imported = await Client.PostAsync("/config", again);
        Assert.That(imported.StatusCode, Is.EqualTo(HttpStatusCode.Created), await imported.Content.ReadAsStringAsync());
        var second = await Factory.WaitForSnapshotAsync();

        Assert.That(second.Hash, Is.EqualTo(first.Hash), exported);
    }

    [Test]
    public async Task DeclarativeImport_MtlsAuthNamingAMissingCa_IsRefused()
    {
        var yaml = $"""
            _format_version: "3.0"
            plugins:
            - name: mtls-auth
              config:
                ca_certificates: [{Guid.NewGuid()}]
            """;
        using var content = new StringContent(yaml, Encoding.UTF8, "application/yaml");

        var response = await Client.PostAsync("/config", content);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("config.ca_certificates"));
    }
}
