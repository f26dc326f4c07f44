using HybridGateway.DataPlane.Hosting;
using HybridGateway.DataPlane.Snapshots;
using HybridGateway.DataPlane.Tests.TestSupport;
using HybridGateway.Shared.Configuration;
using HybridGateway.Shared.Snapshots;
using static HybridGateway.DataPlane.Tests.TestSupport.Entities;

namespace HybridGateway.DataPlane.Tests.Snapshots;

/// <summary>
/// A data plane applies only snapshots signed by the control plane's key it was given, for the version they claim,
/// and opens their sealed secrets with the cluster key of its token. Anything else is refused and reported, and the
/// config it serves stays exactly as it was.
/// </summary>
public sealed class SnapshotTrustTests
{
    private static GatewayConfig ConfigWithCredential(string path)
    {
        var service = Service();
        var consumer = Guid.NewGuid();
        return new GatewayConfig
        {
            Services = [service],
            Routes = [Route(service, paths: [path])],
            Consumers = [new ConsumerConfig { Id = consumer, Username = "alice" }],
            KeyAuthCredentials = [new KeyAuthCredentialConfig { Id = Guid.NewGuid(), Consumer = new EntityRef(consumer), Key = "alice-api-key-0001" }],
        };
    }

    [Test]
    public async Task SignedAndSealed_IsApplied_WithItsSecretsOpen()
    {
        using var rig = new SynchronizerRig();
        rig.ControlPlane.Add(Payload(1, ConfigWithCredential("/a")));

        await rig.Synchronizer.FetchLatestAsync(CancellationToken.None);

        Assert.That(rig.Holder.Current?.Version, Is.EqualTo(1), rig.Status.LastApplyError?.Message);
        Assert.That(rig.Status.LastApplyError, Is.Null);
    }

    [Test]
    public async Task Unsigned_IsRefused()
    {
        using var rig = new SynchronizerRig();
        rig.ControlPlane.Add(Payload(1, ConfigWithCredential("/a")) with { Signature = null });

        await rig.Synchronizer.FetchLatestAsync(CancellationToken.None);

        AssertRefused(rig, 1, "is not signed");
    }

    [Test]
    public async Task SignedByAnotherKey_IsRefused_NamingTheKeys()
    {
        using var rig = new SynchronizerRig();
        using var rogue = SnapshotSigner.FromPem(SnapshotSigner.CreatePem());
        var payload = Payload(1, ConfigWithCredential("/a"));
        rig.ControlPlane.Add(payload with { Signature = rogue.Sign(1, payload.Hash) });

        await rig.Synchronizer.FetchLatestAsync(CancellationToken.None);

        AssertRefused(rig, 1, rogue.KeyId);
    }

    [Test]
    public async Task AnOldSignedSnapshot_ReplayedAsTheNextVersion_IsRefused_AndTheNodeKeepsServing()
    {
        using var rig = new SynchronizerRig();
        var first = Payload(1, ConfigWithCredential("/a"));
        await rig.Synchronizer.HandlePublishedAsync(Published(1, ConfigWithCredential("/a")), CancellationToken.None);
        await rig.Synchronizer.HandlePublishedAsync(Published(2, ConfigWithCredential("/b")), CancellationToken.None);
        var serving = rig.Holder.Current;

        // Version 1's bytes and valid signature, announced as version 3.
        var replay = Published(3, GatewayConfig.Empty) with { Hash = first.Hash, Signature = first.Signature, Snapshot = first.Compressed };
        await rig.Synchronizer.HandlePublishedAsync(replay, CancellationToken.None);

        Assert.That(rig.Holder.Current, Is.SameAs(serving));
        AssertRefused(rig, 3, "fails its signature check", expectApplied: 2);
    }

    [Test]
    public async Task SealedSecrets_OnANodeWithoutTheClusterToken_AreRefused_NamingTheSetting()
    {
        using var rig = new SynchronizerRig(TestSettings.Read());
        rig.ControlPlane.Add(Payload(1, ConfigWithCredential("/a")));

        await rig.Synchronizer.FetchLatestAsync(CancellationToken.None);

        AssertRefused(rig, 1, "Cluster:Token");
    }

    [Test]
    public async Task SealedSecrets_UnderAnotherClusterToken_AreRefused()
    {
        using var rig = new SynchronizerRig(TestSettings.Read(("Cluster:Token", "some-other-cluster-token-0123")));
        rig.ControlPlane.Add(Payload(1, ConfigWithCredential("/a")));

        await rig.Synchronizer.FetchLatestAsync(CancellationToken.None);

        AssertRefused(rig, 1, "cluster key");
    }

    [Test]
    public async Task DiskCache_WithAnAlteredSignature_IsNotServed()
    {
        using var rig = new SynchronizerRig();
        var payload = Payload(4, ConfigWithCredential("/a"));
        var signature = payload.Signature!;
        rig.Cache.Write(payload with { Signature = signature[..^2] + (signature[^2] == 'A' ? "BB" : "AA") });

        var loaded = await rig.Synchronizer.LoadCacheAsync(CancellationToken.None);

        Assert.That(loaded, Is.False);
        Assert.That(rig.Holder.Current, Is.Null);
        Assert.That(rig.Status.CacheStatus, Does.StartWith("refused: ").And.Contain("signature"));
    }

    [Test]
    public void Settings_WithoutTheSnapshotKey_OrWithABadOne_StopStartUp_NamingTheSetting()
    {
        Assert.That(() => TestSettings.Read((DataPlaneSettings.SnapshotPublicKeyKey, "")), Throws.TypeOf<InvalidSettingsException>().With.Message.Contains(DataPlaneSettings.SnapshotPublicKeyKey).And.Message.Contains("required"));
        Assert.That(() => TestSettings.Read((DataPlaneSettings.SnapshotPublicKeyKey, "/no/such/key.pem")), Throws.TypeOf<InvalidSettingsException>().With.Message.Contains(DataPlaneSettings.SnapshotPublicKeyKey));
        Assert.That(() => TestSettings.Read((DataPlaneSettings.SnapshotPublicKeyKey, "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----")), Throws.TypeOf<InvalidSettingsException>().With.Message.Contains(DataPlaneSettings.SnapshotPublicKeyKey));
        Assert.That(TestSettings.Read((DataPlaneSettings.SnapshotPublicKeyKey, TestSnapshotKeys.Signer.PublicKeyPem)).SnapshotPublicKeyPem, Is.EqualTo(TestSnapshotKeys.Signer.PublicKeyPem), "the PEM itself is accepted too");
    }

    private static void AssertRefused(SynchronizerRig rig, long version, string reason, long? expectApplied = null)
    {
        Assert.That(rig.Holder.Current?.Version, Is.EqualTo(expectApplied));
        Assert.That(rig.Status.LastApplyError?.Version, Is.EqualTo(version));
        Assert.That(rig.Status.LastApplyError?.Message, Does.Contain(reason));
        Assert.That(rig.Cache.TryRead()?.Version, Is.EqualTo(expectApplied), "a refused snapshot is never cached");
    }
}
