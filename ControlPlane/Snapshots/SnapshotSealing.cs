using HybridGateway.ControlPlane.Hosting;
using HybridGateway.Shared.Secrets;
using HybridGateway.Shared.Snapshots;

namespace HybridGateway.ControlPlane.Snapshots;

/// <summary>
/// What makes a stored snapshot safe to hand to the broker and the data planes: its secret values sealed with the
/// cluster key (derived from the cluster token), its version and hash signed with the control plane's private key.
/// </summary>
internal sealed class SnapshotSealing : IDisposable
{
    public SnapshotSealing(ControlPlaneSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ClusterKey = Shared.Secrets.ClusterKey.FromToken(settings.ClusterToken);
        Signer = SnapshotSigner.FromPem(settings.SigningKeyPem);
    }

    public SecretProtector ClusterKey { get; }

    public SnapshotSigner Signer { get; }

    /// <summary>True when a stored version was sealed and signed with this instance's keys (else it is re-issued).</summary>
    public bool IsCurrent(string? signature, string? clusterKeyId) =>
        signature is not null
        && signature.StartsWith($"{SnapshotSignature.Prefix}{Signer.KeyId}:", StringComparison.Ordinal)
        && string.Equals(clusterKeyId, ClusterKey.KeyId, StringComparison.Ordinal);

    public void Dispose() => Signer.Dispose();
}
