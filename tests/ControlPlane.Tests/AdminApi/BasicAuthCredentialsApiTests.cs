using System.Net;
using HybridGateway.Shared.Plugins.BasicAuth;
using HybridGateway.Shared.Snapshots;

namespace HybridGateway.ControlPlane.Tests.AdminApi;

/// <summary>Kong's basic-auth credential endpoints; passwords are stored (and returned) only as PBKDF2 hashes.</summary>
public sealed class BasicAuthCredentialsApiTests : ControlPlaneTest
{
    [Test]
    public async Task KongTutorialFlow_FormPost_StoresAHashNeverThePassword()
    {
        await Client.PostJsonAsync("/consumers", """{"username":"alex"}""");

        var created = await Client.SendFormAsync(HttpMethod.Post, "/consumers/alex/basic-auth", "username=alex-login&password=Alex%3Apa55");
        var body = await created.BodyAsync();

        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That((string?)body["username"], Is.EqualTo("alex-login"));
        var stored = (string?)body["password"];
        Assert.That(stored, Does.StartWith("pbkdf2-sha256$"));
        Assert.That(BasicAuthPasswords.Verify("Alex:pa55", stored), Is.True);
        var snapshot = await Factory.WaitForSnapshotAsync();
        Assert.That(Factory.Open(snapshot).BasicAuthCredentials.Single().Password, Is.EqualTo(stored));
        Assert.That(System.Text.Encoding.UTF8.GetString(snapshot.Snapshot), Does.Not.Contain("Alex:pa55"));
    }

    [Test]
    public async Task LookupByUsername_TopLevelAndNested_AndItsConsumer()
    {
        await Client.PostJsonAsync("/consumers", """{"username":"b"}""");
        await Client.PostJsonAsync("/consumers/b/basic-auth", """{"username":"b-login","password":"pw"}""");

        Assert.That((await Client.GetAsync("/basic-auths/b-login")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await Client.GetAsync("/consumers/b/basic-auth/b-login")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var owner = await (await Client.GetAsync("/basic-auths/b-login/consumer")).BodyAsync();
        Assert.That((string?)owner["username"], Is.EqualTo("b"));
    }

    [Test]
    public async Task Patch_WithoutPassword_KeepsTheHash_WithPassword_RehashesIt()
    {
        await Client.PostJsonAsync("/consumers", """{"username":"p"}""");
        var created = await (await Client.PostJsonAsync("/consumers/p/basic-auth", """{"username":"p-login","password":"first"}""")).BodyAsync();

        var renamed = await (await Client.SendJsonAsync(HttpMethod.Patch, "/basic-auths/p-login", """{"tags":["t"]}""")).BodyAsync();
        Assert.That((string?)renamed["password"], Is.EqualTo((string?)created["password"]));

        var changed = await (await Client.SendJsonAsync(HttpMethod.Patch, "/basic-auths/p-login", """{"password":"second"}""")).BodyAsync();
        Assert.That(BasicAuthPasswords.Verify("second", (string?)changed["password"]), Is.True);
        Assert.That(BasicAuthPasswords.Verify("first", (string?)changed["password"]), Is.False);
    }

    [TestCase("""{"password":"pw"}""", "schema violation (username: required field missing)")]
    [TestCase("""{"username":"u"}""", "schema violation (password: required field missing)")]
    [TestCase("""{"username":"u","password":""}""", "schema violation (password: length must be at least 1)")]
    [TestCase("""{"username":"u","password":12}""", "schema violation (password: expected a string)")]
    public async Task BadInput_400_NamingTheField(string json, string message)
    {
        await Client.PostJsonAsync("/consumers", """{"username":"v"}""");

        var response = await Client.PostJsonAsync("/consumers/v/basic-auth", json);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((string?)(await response.BodyAsync())["message"], Is.EqualTo(message));
    }

    [Test]
    public async Task DuplicateUsername_409()
    {
        await Client.PostJsonAsync("/consumers", """{"username":"a"}""");
        await Client.PostJsonAsync("/consumers", """{"username":"b"}""");
        await Client.PostJsonAsync("/consumers/a/basic-auth", """{"username":"same","password":"x"}""");

        var response = await Client.PostJsonAsync("/consumers/b/basic-auth", """{"username":"same","password":"y"}""");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That((int?)(await response.BodyAsync())["code"], Is.EqualTo(5));
    }

    [Test]
    public async Task DeletingTheConsumer_DeletesItsCredentials()
    {
        await Client.PostJsonAsync("/consumers", """{"username":"gone"}""");
        await Client.PostJsonAsync("/consumers/gone/basic-auth", """{"username":"gone-login","password":"pw"}""");

        Assert.That((await Client.DeleteAsync("/consumers/gone")).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));

        Assert.That((await Client.GetAsync("/basic-auths/gone-login")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task BasicAuthPlugin_ConsumerScoped_Refused()
    {
        await Client.PostJsonAsync("/consumers", """{"username":"c"}""");

        var response = await Client.PostJsonAsync("/consumers/c/plugins", """{"name":"basic-auth"}""");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((string?)(await response.BodyAsync())["fields"]!["consumer"], Is.EqualTo("value must be null"));
    }

    [Test]
    public async Task DeclarativeImport_HashesClearPasswords_AndAnExportImportsBackUnchanged()
    {
        const string yaml = """
            _format_version: "3.0"
            consumers:
            - username: declared
              basicauth_credentials:
              - username: declared-login
                password: clear-text
            """;
        using var content = new StringContent(yaml, System.Text.Encoding.UTF8, "application/yaml");
        Assert.That((await Client.PostAsync("/config", content)).StatusCode, Is.EqualTo(HttpStatusCode.Created));
        var stored = (string?)(await (await Client.GetAsync("/basic-auths/declared-login")).BodyAsync())["password"];
        Assert.That(BasicAuthPasswords.Verify("clear-text", stored), Is.True);

        // Kong's shape both ways: GET /config answers {"config": …}, which POST /config takes back as JSON.
        var export = await (await Client.GetAsync("/config")).Content.ReadAsStringAsync();
        Assert.That(export, Does.Not.Contain("clear-text"));
        using var again = new StringContent(export, System.Text.Encoding.UTF8, "application/json");
        var reimport = await Client.PostAsync("/config", again);
        Assert.That(reimport.StatusCode, Is.EqualTo(HttpStatusCode.Created), await reimport.Content.ReadAsStringAsync());

        var reimported = (string?)(await (await Client.GetAsync("/basic-auths/declared-login")).BodyAsync())["password"];
        Assert.That(reimported, Is.EqualTo(stored), "an exported hash is kept, not hashed again");
    }
}
