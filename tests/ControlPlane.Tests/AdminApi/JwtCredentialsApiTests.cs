using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using HybridGateway.Shared.Snapshots;

namespace HybridGateway.ControlPlane.Tests.AdminApi;

public sealed class JwtCredentialsApiTests : ControlPlaneTest
{
    private static readonly string RsaPem = RSA.Create(2048).ExportSubjectPublicKeyInfoPem();
    private static readonly string EcPem = ECDsa.Create(ECCurve.NamedCurves.nistP256).ExportSubjectPublicKeyInfoPem();

    [SetUp]
    public async Task CreateConsumerAsync() => await Client.PostJsonAsync("/consumers", """{"username":"jane"}""");

    [Test]
    public async Task NestedPost_EmptyBody_GeneratesKeyAndSecret_HS256()
    {
        var response = await Client.PostAsync("/consumers/jane/jwt", null);
        var body = await response.BodyAsync();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That((string?)body["key"], Does.Match("^[A-Za-z0-9]{32}$"));
        Assert.That((string?)body["secret"], Does.Match("^[A-Za-z0-9]{32}$"));
        Assert.That((string?)body["key"], Is.Not.EqualTo((string?)body["secret"]));
        Assert.That((string?)body["algorithm"], Is.EqualTo("HS256"));
        Assert.That(body.ContainsKey("rsa_public_key") && body["rsa_public_key"] is null, Is.True);
    }

    [Test]
    public async Task KongTutorial_MultipartPemUpload_RS256()
    {
        // curl -X POST http://localhost:8001/consumers/jane/jwt -F rsa_public_key=@jwt-public.pem -F algorithm=RS256 -F key=test-key
        using var form = new MultipartFormDataContent
        {
            { new ByteArrayContent(Encoding.ASCII.GetBytes(RsaPem)), "rsa_public_key", "jwt-public.pem" },
            { new StringContent("RS256"), "algorithm" },
            { new StringContent("test-key"), "key" },
        };

        var response = await Client.PostAsync("/consumers/jane/jwt", form);
        var body = await response.BodyAsync();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), body.ToJsonString());
        Assert.That((string?)body["key"], Is.EqualTo("test-key"));
        Assert.That((string?)body["rsa_public_key"], Is.EqualTo(RsaPem));
        var owner = await (await Client.GetAsync("/jwts/test-key/consumer")).BodyAsync();
        Assert.That((string?)owner["username"], Is.EqualTo("jane"));
    }

    [Test]
    public async Task PemWithCrlf_FormEncoded_Accepted()
    {
        var crlf = RsaPem.Replace("\n", "\r\n", StringComparison.Ordinal);

        var response = await Client.SendFormAsync(HttpMethod.Post, "/consumers/jane/jwt", $"algorithm=RS256&rsa_public_key={Uri.EscapeDataString(crlf)}");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
    }

    [TestCase("RS256", null, "required field missing")]
    [TestCase("RS256", "not a key", "invalid key")]
    [TestCase("ES256", null, "required field missing")]
    [TestCase("ES256", "rsa", "invalid key")]
    [TestCase("RS256", "ec", "invalid key")]
    public async Task AsymmetricWithoutFittingKey_400NamingTheField(string algorithm, string? key, string message)
    {
        var pem = key switch { "rsa" => RsaPem, "ec" => EcPem, _ => key };
        var json = pem is null
            ? $$"""{"algorithm":"{{algorithm}}"}"""
            : $$"""{"algorithm":"{{algorithm}}","rsa_public_key":{{System.Text.Json.JsonSerializer.Serialize(pem)}}}""";

        var response = await Client.PostJsonAsync("/consumers/jane/jwt", json);
        var body = await response.BodyAsync();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((string?)body["fields"]!["rsa_public_key"], Is.EqualTo(message));
        Assert.That((string?)body["fields"]!["@entity"]![0], Is.EqualTo("failed conditional validation given value of field 'algorithm'"));
    }

    [Test]
    public async Task UnknownAlgorithm_KongMessage()
    {
        var response = await Client.PostJsonAsync("/consumers/jane/jwt", """{"algorithm":"none"}""");

        Assert.That((string?)(await response.BodyAsync())["fields"]!["algorithm"], Does.StartWith("expected one of: HS256, HS384, HS512, RS256"));
    }

    [Test]
    public async Task TopLevel_WithoutConsumer_400_AndWithConsumer_201()
    {
        var missing = await Client.PostJsonAsync("/jwts", """{"key":"k"}""");
        Assert.That((string?)(await missing.BodyAsync())["message"], Is.EqualTo("schema violation (consumer: required field missing)"));

        var created = await Client.PostJsonAsync("/jwts", """{"key":"k","consumer":{"username":"jane"}}""");
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created), await created.Content.ReadAsStringAsync());
    }

    [Test]
    public async Task PutByKey_Upserts_AndDeletingTheConsumerCascades()
    {
        var put = await Client.PutAsync("/consumers/jane/jwt/my-key", new StringContent("""{"secret":"s3cret"}""", Encoding.UTF8, new MediaTypeHeaderValue("application/json")));
        Assert.That(put.StatusCode, Is.EqualTo(HttpStatusCode.OK), await put.Content.ReadAsStringAsync());
        Assert.That((string?)(await put.BodyAsync())["key"], Is.EqualTo("my-key"));
        var stored = await Factory.WaitForSnapshotAsync();
        Assert.That(Factory.Open(stored).JwtSecrets.Single().Secret, Is.EqualTo("s3cret"));

        Assert.That((await Client.DeleteAsync("/consumers/jane")).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That((await Client.GetAsync("/jwts/my-key")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await Client.DeleteAsync("/consumers/jane/jwt/my-key")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "nested DELETE of an unknown credential is 404");
    }

    [Test]
    public async Task DeclarativeImport_StoresJwtSecrets()
    {
        var yaml = $"""
            _format_version: "3.0"
            consumers:
            - username: declared
              jwt_secrets:
              - key: hs-key
                secret: hs-secret
              - key: rs-key
                algorithm: RS256
                rsa_public_key: |
            {string.Join('\n', RsaPem.Split('\n').Select(l => "          " + l))}
            """;
        using var content = new StringContent(yaml, Encoding.UTF8, "application/yaml");

        var response = await Client.PostAsync("/config", content);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        var rs = await (await Client.GetAsync("/jwts/rs-key")).BodyAsync();
        Assert.That((string?)rs["algorithm"], Is.EqualTo("RS256"));
        Assert.That(((string?)rs["rsa_public_key"])?.Trim(), Is.EqualTo(RsaPem.Trim()));
    }
}
