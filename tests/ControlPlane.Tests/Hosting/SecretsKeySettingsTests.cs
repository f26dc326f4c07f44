using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using HybridGateway.ControlPlane.Hosting;
using HybridGateway.Tests.Common;
using Microsoft.Extensions.Configuration;

namespace HybridGateway.ControlPlane.Tests.Hosting;

/// <summary>The data key that encrypts private keys at rest: <c>Secrets:Key</c>, or a file generated once and never replaced.</summary>
public sealed class SecretsKeySettingsTests
{
    private static IConfiguration Config(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    private static string TempDir() => Path.Combine(Path.GetTempPath(), "cp-tests", Guid.NewGuid().ToString("N"));

    [Test]
    public void SecretsKey_Configured_IsUsed_AndNoFileIsWritten()
    {
        var key = RandomNumberGenerator.GetBytes(32);
        var dir = TempDir();

        var settings = ControlPlaneSettings.Load(Config(("ControlPlane:DataDir", dir), ("Secrets:Key", Convert.ToBase64String(key))));

        Assert.That(settings.SecretsKey, Is.EqualTo(key));
        Assert.That(settings.SecretsKeySource, Is.EqualTo("configuration"));
        Assert.That(File.Exists(Path.Combine(dir, ControlPlaneSettings.SecretsKeyFileName)), Is.False);
    }

    [TestCase("not base64!")]
    [TestCase("AAAA")]
    public void SecretsKey_Invalid_StopsStartUpNamingTheSetting(string value)
    {
        var ex = Assert.Throws<InvalidSettingsException>(() => ControlPlaneSettings.Load(Config(("ControlPlane:DataDir", TempDir()), ("Secrets:Key", value))));
        Assert.That(ex!.Message, Does.Contain("'Secrets:Key'").And.Not.Contain(value));
    }

    [Test]
    public void SecretsKey_Generated_OnceAndReused()
    {
        var dir = TempDir();

        var first = ControlPlaneSettings.Load(Config(("ControlPlane:DataDir", dir)));
        var second = ControlPlaneSettings.Load(Config(("ControlPlane:DataDir", dir)));

        Assert.That(second.SecretsKey, Is.EqualTo(first.SecretsKey));
        Assert.That(first.SecretsKeySource, Does.Contain("generated now"));
        Assert.That(second.SecretsKeySource, Is.EqualTo(Path.Combine(dir, ControlPlaneSettings.SecretsKeyFileName)));
    }

    [Test]
    public void SecretsKey_DamagedFile_StopsStartUp_AndIsNotReplaced()
    {
        var dir = TempDir();
        Directory.CreateDirectory(dir);
        var file = Path.Combine(dir, ControlPlaneSettings.SecretsKeyFileName);
        File.WriteAllText(file, "damaged");

        var ex = Assert.Throws<InvalidSettingsException>(() => ControlPlaneSettings.Load(Config(("ControlPlane:DataDir", dir))));

        Assert.That(ex!.Message, Does.Contain(file));
        Assert.That(File.ReadAllText(file), Is.EqualTo("damaged"));
    }

    [Test]
    public async Task SecretsKey_Wrong_ReadsStillWithhold_ChangesFailWithoutWriting()
    {
        var dir = TempDir();
        var jwk = TestSigningKeys.Rfc8037Ed25519PrivateJwk;
        using (var factory = new ControlPlaneFactory(new() { ["ControlPlane:DataDir"] = dir, ["Secrets:Key"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) }))
        using (var client = factory.CreateClient())
        {
            var created = await client.PostJsonAsync("/keys", new JsonObject { ["name"] = "ed", ["kid"] = "ed", ["jwk"] = jwk }.ToJsonString());
            Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        }

        using var other = new ControlPlaneFactory(new() { ["ControlPlane:DataDir"] = dir, ["Secrets:Key"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) });
        using var otherClient = other.CreateClient();

        var read = await otherClient.GetAsync("/keys/ed");
        var patch = await otherClient.SendJsonAsync(HttpMethod.Patch, "/keys/ed", """{"tags":["x"]}""");

        Assert.That(read.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await read.Content.ReadAsStringAsync(), Does.Not.Contain(TestSigningKeys.Rfc8037Ed25519D));
        Assert.That(patch.StatusCode, Is.EqualTo(HttpStatusCode.InternalServerError));
        Assert.That((string?)(await patch.BodyAsync())["message"], Does.Contain("data key").And.Contain("Secrets:Key"));
        Assert.That((string?)(await (await otherClient.GetAsync("/keys/ed")).BodyAsync())["tags"], Is.Null);
    }

    [Test]
    public void SettingsAsText_NeverShowTokensKeysOrPasswords()
    {
        var key = RandomNumberGenerator.GetBytes(32);
        var settings = ControlPlaneSettings.Load(Config(
            ("ControlPlane:DataDir", TempDir()),
            ("Secrets:Key", Convert.ToBase64String(key)),
            ("Admin:Token", "admin-token-0123456789"),
            ("Cluster:Token", "cluster-token-0123456789"),
            ("RabbitMq:Url", "amqp://gw:broker-password@127.0.0.1:5672/")));

        var text = settings.ToString();

        Assert.That(text, Does.Not.Contain("admin-token-0123456789").And.Not.Contain("cluster-token-0123456789").And.Not.Contain("broker-password"));
        Assert.That(text, Does.Not.Contain(Convert.ToBase64String(key)).And.Not.Contain(Convert.ToHexString(key)));
        Assert.That(text, Does.Contain("amqp://[withheld]@127.0.0.1:5672/").And.Contain("ClusterToken = [withheld]"));
    }
}
