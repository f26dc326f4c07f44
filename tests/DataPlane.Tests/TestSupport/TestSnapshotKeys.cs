using HybridGateway.Shared.Configuration;
using HybridGateway.Shared.Secrets;
using HybridGateway.Shared.Snapshots;

namespace HybridGateway.DataPlane.Tests.TestSupport;

/// <summary>
/// The test run's stand-in for a control plane's keys: a P-256 signing key whose public half every data plane in these
/// tests trusts, and the cluster key of <see cref="FakeControlPlaneServer.Token"/> that seals secrets.
/// </summary>
internal static class TestSnapshotKeys
{
    public static SnapshotSigner Signer { get; } = SnapshotSigner.FromPem(SnapshotSigner.CreatePem());

    public static SecretProtector ClusterKey { get; } = Shared.Secrets.ClusterKey.FromToken(FakeControlPlaneServer.Token);

    /// <summary>The public key as a file, as operators give it (<c>Cluster:SnapshotPublicKey</c>).</summary>
    public static string PublicKeyFile { get; } = WritePublicKey();

    /// <summary>What a control plane stores for <paramref name="config"/> as <paramref name="version"/>: secrets sealed, then signed.</summary>
    public static (EncodedSnapshot Encoded, string Signature) Encode(long version, GatewayConfig config)
    {
        var encoded = SnapshotCodec.Encode(SnapshotSecrets.Seal(config, ClusterKey));
        return (encoded, Signer.Sign(version, encoded.Hash));
    }

    private static string WritePublicKey()
    {
        var path = Path.Combine(Path.GetTempPath(), "hg-dp-tests", $"snapshot-key-{Guid.NewGuid():N}.pub.pem");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, Signer.PublicKeyPem);
        return path;
    }
}
