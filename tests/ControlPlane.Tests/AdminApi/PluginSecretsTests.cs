using System.Net;
using System.Text.Json.Nodes;
using HybridGateway.Shared.Keys;
using HybridGateway.Shared.Secrets;
using HybridGateway.Tests.Common;
using Microsoft.EntityFrameworkCore;

namespace HybridGateway.ControlPlane.Tests.AdminApi;

/// <summary>
/// A plugin's secret config (x-custom-jwt's <c>private_jwk</c>) is private key material like a key's: encrypted in the
/// database, withheld from every answer and export, kept across a PATCH of other fields, sealed in snapshots.
/// </summary>
public sealed class PluginSecretsTests : ControlPlaneTest
{
    private static readonly string[] RsaPrivateMembers = ["d", "p", "q", "dp", "dq", "qi"];

    [Test]
    public async Task PrivateJwk_WithheldFromAnswers_EncryptedAtRest_KeptByAPatch_OpenInTheSnapshot()
    {
        var jwk = TestSigningKeys.RsaJwk("kong", alg: "RS256");
        var created = await Client.PostJsonAsync("/plugins", new JsonObject { ["name"] = "x-custom-jwt", ["config"] = new JsonObject { ["private_jwk"] = jwk.ToJsonString() } }.ToJsonString());
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created), await created.Content.ReadAsStringAsync());
        var id = (string)(await created.BodyAsync())["id"]!;

        var shown = JsonNode.Parse((string)(await created.BodyAsync())["config"]!["private_jwk"]!)!.AsObject();
        Assert.That(shown.Select(p => p.Key), Is.EquivalentTo(new[] { "kty", "kid", "n", "e", "alg", KeySecrets.WithheldMember }));

        var patched = await Client.SendJsonAsync(HttpMethod.Patch, $"/plugins/{id}", """{"config":{"iss":"https://gw.example/issuer"}}""");
        Assert.That(patched.StatusCode, Is.EqualTo(HttpStatusCode.OK), await patched.Content.ReadAsStringAsync());

        var answers = new List<string> { await created.Content.ReadAsStringAsync(), await patched.Content.ReadAsStringAsync() };
        foreach (var path in new[] { $"/plugins/{id}", "/plugins", "/config" })
        {
            answers.Add(await (await Client.GetAsync(path)).Content.ReadAsStringAsync());
        }

        await using (var db = Factory.Db())
        {
            var document = await db.Plugins.AsNoTracking().Select(p => p.Document).SingleAsync();
            Assert.That(document, Does.Contain(SecretProtector.Prefix));
            answers.Add(document);
        }

        foreach (var member in RsaPrivateMembers)
        {
            Assert.That(answers, Has.None.Contains((string)jwk[member]!), member);
        }

        var plugin = Factory.Open(await Factory.WaitForSnapshotAsync()).Plugins.Single();
        Assert.That(plugin.Config.GetProperty("iss").GetString(), Is.EqualTo("https://gw.example/issuer"));
        Assert.That(JsonNode.DeepEquals(JsonNode.Parse(plugin.Config.GetProperty("private_jwk").GetString()!), jwk), Is.True, "the PATCH kept the key");
    }

    [Test]
    public async Task PuttingBackAnAnswer_WithTheWithheldJwk_Is400NamingTheField_AndChangesNothing()
    {
        var jwk = TestSigningKeys.RsaJwk("kong", alg: "RS256");
        var created = await Client.PostJsonAsync("/plugins", new JsonObject { ["name"] = "x-custom-jwt", ["config"] = new JsonObject { ["private_jwk"] = jwk.ToJsonString() } }.ToJsonString());
        var answer = await created.BodyAsync();
        var before = await Factory.WaitForSnapshotAsync();

        var put = await Client.SendJsonAsync(HttpMethod.Put, $"/plugins/{answer["id"]}", answer.ToJsonString());

        Assert.That(put.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), await put.Content.ReadAsStringAsync());
        Assert.That((string?)(await put.BodyAsync())["fields"]!["config"]!["private_jwk"], Does.Contain("withheld"));
        Assert.That((await Factory.WaitForSnapshotAsync()).Version, Is.EqualTo(before.Version));
    }
}
