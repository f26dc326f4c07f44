using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using HybridGateway.Shared.Jose;
using HybridGateway.Shared.Keys;
using HybridGateway.Shared.Secrets;
using HybridGateway.Shared.Snapshots;
using HybridGateway.Tests.Common;
using Microsoft.EntityFrameworkCore;

namespace HybridGateway.ControlPlane.Tests.AdminApi;

/// <summary>
/// Kong's <c>/key-sets</c> and <c>/keys</c>: generic semantics, Kong's messages, cascade delete, and private key
/// material that is encrypted in the database and never in an Admin API answer or export.
/// </summary>
public sealed class KeysApiTests : ControlPlaneTest
{
    private static readonly string[] RsaPrivateMembers = ["d", "p", "q", "dp", "dq", "qi"];

    [Test]
    public async Task KeySet_WithNestedKeys_ByName_AndTheKeysSet()
    {
        Assert.That((await Client.PostJsonAsync("/key-sets", """{"name":"signing","tags":["prod"]}""")).StatusCode, Is.EqualTo(HttpStatusCode.Created));
        var jwk = TestSigningKeys.EcJwk("k1", includePrivate: false).ToJsonString();

        var created = await Client.PostJsonAsync("/key-sets/signing/keys", new JsonObject { ["name"] = "current", ["kid"] = "k1", ["jwk"] = jwk }.ToJsonString());
        var body = await created.BodyAsync();

        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created), body.ToJsonString());
        var setId = (string?)(await (await Client.GetAsync("/key-sets/signing")).BodyAsync())["id"];
        Assert.That((string?)body["set"]!["id"], Is.EqualTo(setId));
        Assert.That((string?)body["jwk"], Is.EqualTo(jwk), "a public JWK is returned as given");
        Assert.That((await Client.GetAsync("/key-sets/signing/keys/current")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await (await Client.GetAsync("/key-sets/signing/keys")).BodyAsync())["data"]!.AsArray(), Has.Count.EqualTo(1));
        Assert.That((string?)(await (await Client.GetAsync("/keys/current/set")).BodyAsync())["name"], Is.EqualTo("signing"));
        Assert.That((await (await Client.GetAsync("/key-sets?tags=prod")).BodyAsync())["data"]!.AsArray(), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task PrivateJwk_NeverInAnswers_EncryptedInTheDatabase_SealedInTheSnapshot()
    {
        var jwk = TestSigningKeys.RsaJwk("r1", alg: "RS256");
        var created = await Client.PostJsonAsync("/keys", new JsonObject { ["name"] = "rsa", ["kid"] = "r1", ["jwk"] = jwk.ToJsonString() }.ToJsonString());
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created), await created.Content.ReadAsStringAsync());

        var shown = JsonNode.Parse((string)(await created.BodyAsync())["jwk"]!)!.AsObject();
        Assert.That(shown.Select(p => p.Key), Is.EquivalentTo(new[] { "kty", "kid", "n", "e", "alg", KeySecrets.WithheldMember }));
        Assert.That((string?)shown["n"], Is.EqualTo((string?)jwk["n"]));

        var answers = new List<string> { await created.Content.ReadAsStringAsync() };
        foreach (var path in new[] { "/keys/rsa", "/keys", "/keys?size=1", "/config" })
        {
            answers.Add(await (await Client.GetAsync(path)).Content.ReadAsStringAsync());
        }

        answers.Add(await (await Client.SendJsonAsync(HttpMethod.Patch, "/keys/rsa", """{"tags":["a"]}""")).Content.ReadAsStringAsync());
        answers.Add(await (await Client.SendJsonAsync(HttpMethod.Put, "/keys/rsa", new JsonObject { ["kid"] = "r1", ["jwk"] = jwk.ToJsonString() }.ToJsonString())).Content.ReadAsStringAsync());
        var snapshot = await Factory.WaitForSnapshotAsync();
        answers.Add(await (await Client.DeleteAsync("/keys/rsa")).Content.ReadAsStringAsync());

        foreach (var member in RsaPrivateMembers)
        {
            var value = (string)jwk[member]!;
            Assert.That(answers, Has.None.Contains(value), member);
        }

        // The snapshot carries the private members sealed with the cluster key: only a data plane with the cluster
        // token opens them.
        var inTransit = Encoding.UTF8.GetString(SnapshotCodec.Decompress(snapshot.Snapshot));
        foreach (var member in RsaPrivateMembers)
        {
            Assert.That(inTransit, Does.Not.Contain((string)jwk[member]!), member);
        }

        Assert.That(inTransit, Does.Contain((string)jwk["n"]!), "public members stay readable");
        var key = Factory.Open(snapshot).Keys.Single();
        Assert.That(JsonNode.DeepEquals(JsonNode.Parse(key.Jwk!), jwk), Is.True);
    }

    [Test]
    public async Task StoredRow_AndTheSqliteFile_HoldNoPrivateKeyInClear()
    {
        var jwk = TestSigningKeys.RsaJwk("r1");
        var (pkcs8, _, publicPem) = TestSigningKeys.RsaPem();
        await Client.PostJsonAsync("/keys", new JsonObject { ["name"] = "by-jwk", ["kid"] = "r1", ["jwk"] = jwk.ToJsonString() }.ToJsonString());
        await Client.PostJsonAsync("/keys", new JsonObject { ["name"] = "by-pem", ["kid"] = "p1", ["pem"] = new JsonObject { ["private_key"] = pkcs8, ["public_key"] = publicPem } }.ToJsonString());
        await Client.PostJsonAsync("/keys", new JsonObject { ["name"] = "rfc", ["kid"] = "ed", ["jwk"] = TestSigningKeys.Rfc8037Ed25519PrivateJwk }.ToJsonString());

        await using (var db = Factory.Db())
        {
            var documents = await db.Keys.AsNoTracking().Select(k => k.Document).ToListAsync();
            Assert.That(documents, Has.Count.EqualTo(3));
            Assert.That(documents, Has.All.Contains(SecretProtector.Prefix));
            Assert.That(string.Concat(documents), Does.Not.Contain(TestSigningKeys.Rfc8037Ed25519D).And.Not.Contain("PRIVATE KEY"));
        }

        await Factory.WaitForSnapshotAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var raw = new StringBuilder();
        foreach (var file in Directory.GetFiles(Factory.DataDir, "gateway.db*"))
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var copy = new MemoryStream();
            await stream.CopyToAsync(copy);
            raw.Append(Encoding.Latin1.GetString(copy.ToArray()));
        }

        var bytes = raw.ToString();
        Assert.That(bytes, Does.Contain("by-pem"), "the files read are the database");
        Assert.That(bytes, Does.Not.Contain(TestSigningKeys.Rfc8037Ed25519D));
        foreach (var member in RsaPrivateMembers)
        {
            Assert.That(bytes, Does.Not.Contain((string)jwk[member]!), member);
        }

        var pemBody = pkcs8.Split('\n')[3];
        Assert.That(bytes, Does.Not.Contain(pemBody));
    }

    [Test]
    public async Task PemPrivateKey_ShownWithheld_PatchOfTagsKeepsTheKeyWorking()
    {
        var (pkcs8, _, publicPem) = TestSigningKeys.EcPem("P-384");
        var created = await (await Client.PostJsonAsync("/keys", new JsonObject { ["name"] = "ec", ["kid"] = "e1", ["pem"] = new JsonObject { ["private_key"] = pkcs8, ["public_key"] = publicPem } }.ToJsonString())).BodyAsync();
        Assert.That((string?)created["pem"]!["private_key"], Is.EqualTo(KeySecrets.Withheld));
        Assert.That((string?)created["pem"]!["public_key"], Is.EqualTo(publicPem));

        var patched = await Client.SendJsonAsync(HttpMethod.Patch, "/keys/ec", """{"tags":["rotated"]}""");
        Assert.That(patched.StatusCode, Is.EqualTo(HttpStatusCode.OK), await patched.Content.ReadAsStringAsync());
        Assert.That((string?)(await patched.BodyAsync())["pem"]!["private_key"], Is.EqualTo(KeySecrets.Withheld));

        var snapshot = await Factory.WaitForSnapshotAsync();
        var key = Factory.Open(snapshot).Keys.Single();
        Assert.That(key.Tags, Is.EqualTo(new[] { "rotated" }));
        Assert.That(key.Pem!.PrivateKey, Is.EqualTo(pkcs8));
        using var loaded = KeyMaterial.Load(key).Key!;
        Assert.That(loaded.Sign(JwsAlgorithm.ES384, [1, 2, 3]), Has.Length.EqualTo(96));
    }

    [Test]
    public async Task PuttingBackAnAnswer_WithWithheldMaterial_400NamingTheField()
    {
        var created = await (await Client.PostJsonAsync("/keys", new JsonObject { ["name"] = "ed", ["kid"] = "ed", ["jwk"] = TestSigningKeys.Rfc8037Ed25519PrivateJwk }.ToJsonString())).BodyAsync();
        created.Remove("id");
        created.Remove("created_at");
        created.Remove("updated_at");

        var response = await Client.SendJsonAsync(HttpMethod.Put, "/keys/ed", created.ToJsonString());

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((string?)(await response.BodyAsync())["fields"]!["jwk"], Is.EqualTo(KeySecrets.WithheldMessage));
    }

    [Test]
    public async Task BadKeys_400_WithKongsMessages()
    {
        var (pkcs8, _, _) = TestSigningKeys.RsaPem();
        var cases = new (JsonObject Body, string Message)[]
        {
            (new JsonObject { ["kid"] = "36", ["jwk"] = """{"kid":"36"}""" }, "schema violation (could not load JWK, likely not a valid key)"),
            (new JsonObject { ["kid"] = "a", ["jwk"] = "{" }, "schema violation (could not json decode jwk string)"),
            (new JsonObject { ["kid"] = "a", ["jwk"] = TestSigningKeys.EcJwk("b").ToJsonString() }, "schema violation (kid in jwk.kid must be equal to keys.kid)"),
            (new JsonObject { ["kid"] = "a", ["pem"] = new JsonObject() }, "schema violation (need to supply a PEM formatted public and/or private key.)"),
            (new JsonObject { ["kid"] = "a", ["pem"] = new JsonObject { ["public_key"] = "nope" } }, "schema violation (could not load public key)"),
            (new JsonObject { ["kid"] = "a", ["pem"] = new JsonObject { ["private_key"] = "nope" } }, "schema violation (could not load private key)"),
            (new JsonObject { ["kid"] = "a", ["pem"] = new JsonObject { ["private_key"] = pkcs8, ["public_key"] = TestSigningKeys.RsaPem().Public } }, "schema violation (public key does not match private key)"),
            (new JsonObject { ["kid"] = "a", ["jwk"] = TestSigningKeys.EcJwk("a", alg: "RS256").ToJsonString() }, "schema violation (jwk: alg 'RS256' does not fit this EC P-256 key)"),
        };

        foreach (var (body, message) in cases)
        {
            var response = await Client.PostJsonAsync("/keys", body.ToJsonString());
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), message);
            var answer = await response.Content.ReadAsStringAsync();
            Assert.That((string?)JsonNode.Parse(answer)!["message"], Is.EqualTo(message));
            Assert.That(answer, Does.Not.Contain("PRIVATE KEY"), "an error never echoes the key");
        }
    }

    [Test]
    public async Task SameKidInOneSet_409_ButInAnotherSetFine()
    {
        await Client.PostJsonAsync("/key-sets", """{"name":"a"}""");
        await Client.PostJsonAsync("/key-sets", """{"name":"b"}""");
        var jwk = TestSigningKeys.EcJwk("same", includePrivate: false).ToJsonString();
        string Body(string name) => new JsonObject { ["name"] = name, ["kid"] = "same", ["jwk"] = jwk }.ToJsonString();
        Assert.That((await Client.PostJsonAsync("/key-sets/a/keys", Body("one"))).StatusCode, Is.EqualTo(HttpStatusCode.Created));

        var clash = await Client.PostJsonAsync("/key-sets/a/keys", Body("two"));

        Assert.That(clash.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That((string?)(await clash.BodyAsync())["message"], Does.StartWith("UNIQUE violation detected on '{kid=\"same\",set="));
        Assert.That((await Client.PostJsonAsync("/key-sets/b/keys", Body("three"))).StatusCode, Is.EqualTo(HttpStatusCode.Created));
    }

    [Test]
    public async Task DeletingAKeySet_DeletesItsKeys_Only()
    {
        await Client.PostJsonAsync("/key-sets", """{"name":"old"}""");
        await Client.PostJsonAsync("/key-sets/old/keys", new JsonObject { ["name"] = "in-set", ["kid"] = "1", ["jwk"] = TestSigningKeys.OctJwk("1").ToJsonString() }.ToJsonString());
        await Client.PostJsonAsync("/keys", new JsonObject { ["name"] = "loose", ["kid"] = "2", ["pem"] = new JsonObject { ["public_key"] = TestSigningKeys.OpenSslEd25519Public } }.ToJsonString());

        Assert.That((await Client.DeleteAsync("/key-sets/old")).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));

        Assert.That((await Client.GetAsync("/keys/in-set")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await Client.GetAsync("/keys/loose")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var snapshot = await Factory.WaitForSnapshotAsync();
        Assert.That(SnapshotCodec.Decode(snapshot.Snapshot, snapshot.Hash).Keys.Select(k => k.Name), Is.EqualTo(new[] { "loose" }));
    }

    [Test]
    public async Task FormEncodedPemKey_Accepted()
    {
        var (_, sec1, publicPem) = TestSigningKeys.EcPem();
        var form = $"kid=f1&name=form&pem.private_key={Uri.EscapeDataString(sec1)}&pem.public_key={Uri.EscapeDataString(publicPem)}";

        var response = await Client.SendFormAsync(HttpMethod.Post, "/keys", form);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        Assert.That((string?)(await response.BodyAsync())["pem"]!["private_key"], Is.EqualTo(KeySecrets.Withheld));
    }

    [Test]
    public async Task MultipartPemFiles_Accepted_LikeCurlDashF()
    {
        using var form = new MultipartFormDataContent
        {
            { new StringContent("m1"), "kid" },
            { new ByteArrayContent(Encoding.ASCII.GetBytes(TestSigningKeys.OpenSslEd25519Private)), "pem.private_key", "key.pem" },
            { new ByteArrayContent(Encoding.ASCII.GetBytes(TestSigningKeys.OpenSslEd25519Public)), "pem.public_key", "key.pub.pem" },
        };

        var response = await Client.PostAsync("/keys", form);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        Assert.That((string?)(await response.BodyAsync())["pem"]!["public_key"], Is.EqualTo(TestSigningKeys.OpenSslEd25519Public));
    }

    [Test]
    public async Task DeclarativeKeys_ExportWithholdsPrivateKeys_ReimportIsRefusedNamingTheField_PublicOnesRoundTrip()
    {
        var yaml = $$"""
            _format_version: "3.0"
            key_sets:
            - name: signing
              keys:
              - name: current
                kid: "1"
                jwk: '{{TestSigningKeys.Rfc7517EcPrivateJwk}}'
              - name: published
                kid: "2"
                jwk: '{{TestSigningKeys.EcJwk("2", includePrivate: false).ToJsonString()}}'
            """;
        using (var content = new StringContent(yaml, Encoding.UTF8, "application/yaml"))
        {
            var loaded = await Client.PostAsync("/config", content);
            Assert.That(loaded.StatusCode, Is.EqualTo(HttpStatusCode.Created), await loaded.Content.ReadAsStringAsync());
        }

        Assert.That((string?)(await (await Client.GetAsync("/keys/current/set")).BodyAsync())["name"], Is.EqualTo("signing"));
        var export = await (await Client.GetAsync("/config")).Content.ReadAsStringAsync();
        Assert.That(export, Does.Not.Contain("870MB6gfuTJ4HtUnUvYMyJpr5eUZNP4Bk43bVdj3eAE"));
        Assert.That(export, Does.Contain(KeySecrets.WithheldMember));

        using (var again = new StringContent(export, Encoding.UTF8, "application/json"))
        {
            var refused = await Client.PostAsync("/config", again);
            var body = await refused.BodyAsync();
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(body["flattened_errors"]!.AsArray().Select(e => $"{(string?)e!["path"]}: {(string?)e["message"]}"), Does.Contain($"keys[0].jwk: {KeySecrets.WithheldMessage}"));
        }

        Assert.That((await Client.DeleteAsync("/keys/current")).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        var publicOnly = await (await Client.GetAsync("/config")).Content.ReadAsStringAsync();
        using var publicContent = new StringContent(publicOnly, Encoding.UTF8, "application/json");
        var reimported = await Client.PostAsync("/config", publicContent);
        Assert.That(reimported.StatusCode, Is.EqualTo(HttpStatusCode.Created), await reimported.Content.ReadAsStringAsync());
    }

    [Test]
    public async Task SecretsKeyFile_GeneratedOwnerOnly()
    {
        var file = Path.Combine(Factory.DataDir, "secrets-key");

        Assert.That(File.Exists(file), Is.True);
        Assert.That(Convert.FromBase64String((await File.ReadAllTextAsync(file)).Trim()), Has.Length.EqualTo(32));
        if (!OperatingSystem.IsWindows())
        {
            Assert.That(File.GetUnixFileMode(file), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
        }
    }
}
