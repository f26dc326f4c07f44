using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using HybridGateway.ControlPlane.Hosting;
using HybridGateway.Shared.Contracts;
using HybridGateway.Shared.Secrets;
using HybridGateway.Shared.Snapshots;
using HybridGateway.Tests.Common;
using MassTransit.Testing;
using Microsoft.Extensions.Configuration;

namespace HybridGateway.ControlPlane.Tests.Snapshots;

/// <summary>
/// Every stored and published version is signed with the control plane's key and has its secrets sealed with the
/// cluster key; neither the broker's messages nor the stored snapshot show a secret in clear.
/// </summary>
public sealed class SignedSnapshotTests
{
    private const string JwtSecret = "jwt-secret-in-transit-5d2a";
    private const string ApiKey = "api-key-in-transit-77c1";

    [Test]
    public async Task StoredAndPublishedVersions_AreSigned_AndShowNoSecretInClear()
    {
        using var factory = new ControlPlaneFactory();
        using var client = factory.CreateClient();
        await client.PostJsonAsync("/consumers", """{"username":"jane"}""");
        Assert.That((await client.PostJsonAsync("/consumers/jane/jwt", $$"""{"key":"iss-1","secret":"{{JwtSecret}}"}""")).StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That((await client.PostJsonAsync("/consumers/jane/key-auth", $$"""{"key":"{{ApiKey}}"}""")).StatusCode, Is.EqualTo(HttpStatusCode.Created));
        var stored = await factory.WaitForSnapshotAsync();

        // What a data plane does: verify with the public key file, open with the cluster token's key.
        var config = factory.Open(stored);
        Assert.That(config.JwtSecrets.Single().Secret, Is.EqualTo(JwtSecret));
        Assert.That(config.KeyAuthCredentials.Single().Key, Is.EqualTo(ApiKey));
        Assert.That(stored.ClusterKeyId, Is.EqualTo(ClusterKey.FromToken(ControlPlaneFactory.ClusterToken).KeyId));

        var message = await PublishedAsync(factory, stored.Version);
        Assert.That(message.Signature, Is.EqualTo(stored.Signature));
        var inTransit = Encoding.UTF8.GetString(SnapshotCodec.Decompress(message.Snapshot!));
        Assert.That(inTransit, Does.Not.Contain(JwtSecret).And.Not.Contain(ApiKey));
        Assert.That(inTransit, Does.Contain("iss-1"), "what is not secret stays readable");
    }

    [Test]
    public async Task SigningKey_IsGeneratedOwnerOnly_ItsPublicHalfWrittenForDataPlanes()
    {
        using var factory = new ControlPlaneFactory();
        using var client = factory.CreateClient();
        await client.CreateServiceAsync("svc");
        var stored = await factory.WaitForSnapshotAsync();

        var privateFile = Path.Combine(factory.DataDir, ControlPlaneSettings.SigningKeyFileName);
        var publicFile = Path.Combine(factory.DataDir, ControlPlaneSettings.SigningPublicKeyFileName);
        if (!OperatingSystem.IsWindows())
        {
            Assert.That(File.GetUnixFileMode(privateFile), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
        }

        Assert.That(File.ReadAllText(publicFile), Does.StartWith("-----BEGIN PUBLIC KEY-----").And.Not.Contain("PRIVATE"));
        using var signer = SnapshotSigner.FromPem(File.ReadAllText(privateFile));
        Assert.That(stored.Signature, Does.StartWith($"es256:{signer.KeyId}:"));
    }

    [Test]
    public async Task ConfiguredSigningKey_SignsEveryVersion()
    {
        var dir = Path.Combine(Path.GetTempPath(), "cp-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        var keyFile = Path.Combine(dir, "operator-key.pem");
        var pem = SnapshotSigner.CreatePem();
        await File.WriteAllTextAsync(keyFile, pem);
        using var expected = SnapshotSigner.FromPem(pem);

        using var factory = new ControlPlaneFactory(new() { ["Cluster:SigningKey"] = keyFile });
        using var client = factory.CreateClient();
        await client.CreateServiceAsync("svc");
        var stored = await factory.WaitForSnapshotAsync();

        Assert.That(stored.Signature, Does.StartWith($"es256:{expected.KeyId}:"));
        Assert.That(File.Exists(Path.Combine(factory.DataDir, ControlPlaneSettings.SigningKeyFileName)), Is.False, "no key is generated when one is configured");
        Assert.That(() => factory.Open(stored), Throws.Nothing);
    }

    [TestCase("missing.pem")]
    [TestCase("rsa.pem")]
    [TestCase("public.pem")]
    public void UnusableSigningKey_StopsStartUp_NamingTheSetting(string which)
    {
        var dir = Path.Combine(Path.GetTempPath(), "cp-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "rsa.pem"), TestSigningKeys.RsaPem().Pkcs8);
        using (var signer = SnapshotSigner.FromPem(SnapshotSigner.CreatePem()))
        {
            File.WriteAllText(Path.Combine(dir, "public.pem"), signer.PublicKeyPem);
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ControlPlane:DataDir"] = dir,
            ["Cluster:SigningKey"] = Path.Combine(dir, which),
        }).Build();

        Assert.That(() => ControlPlaneSettings.Load(configuration), Throws.TypeOf<InvalidSettingsException>().With.Message.Contains("Cluster:SigningKey"));
    }

    [Test]
    public async Task NewClusterToken_ReissuesTheLatestConfig_SealedUnderTheNewKey()
    {
        var dir = Path.Combine(Path.GetTempPath(), "cp-tests", Guid.NewGuid().ToString("N"));
        long before;
        using (var factory = new ControlPlaneFactory(new() { ["ControlPlane:DataDir"] = dir }))
        using (var client = factory.CreateClient())
        {
            await client.PostJsonAsync("/consumers", """{"username":"jane"}""");
            await client.PostJsonAsync("/consumers/jane/key-auth", $$"""{"key":"{{ApiKey}}"}""");
            before = (await factory.WaitForSnapshotAsync()).Version;
        }

        const string newToken = "a-brand-new-cluster-token-0123456789";
        using var restarted = new ControlPlaneFactory(new() { ["ControlPlane:DataDir"] = dir, ["Cluster:Token"] = newToken });
        using var restartedClient = restarted.CreateClient();
        var newKey = ClusterKey.FromToken(newToken);
        var reissued = await Poll.UntilAsync(
            async () => (await restarted.VersionsAsync()).LastOrDefault(v => v.Version > before),
            what: "a re-issued version under the new cluster key");

        Assert.That(reissued.ClusterKeyId, Is.EqualTo(newKey.KeyId));
        var opened = SnapshotSecrets.Open(SnapshotCodec.Decode(reissued.Snapshot, reissued.Hash), newKey);
        Assert.That(opened.KeyAuthCredentials.Single().Key, Is.EqualTo(ApiKey));
        using var verifier = SnapshotVerifier.FromPem(File.ReadAllText(Path.Combine(dir, ControlPlaneSettings.SigningPublicKeyFileName)));
        Assert.That(() => verifier.Verify(reissued.Version, reissued.Hash, reissued.Signature), Throws.Nothing);

        // Once re-issued, nothing more happens until a real change.
        await restartedClient.CreateServiceAsync("after");
        var next = await restarted.WaitForSnapshotAsync();
        Assert.That(next.Version, Is.EqualTo(reissued.Version + 1));
    }

    private static async Task<ConfigVersionPublished> PublishedAsync(ControlPlaneFactory factory, long version) =>
        await Poll.UntilAsync(
            () => Task.FromResult(factory.Harness.Published.Select<ConfigVersionPublished>().Select(m => m.Context.Message).FirstOrDefault(m => m.Version == version)),
            what: $"version {version} published");
}
