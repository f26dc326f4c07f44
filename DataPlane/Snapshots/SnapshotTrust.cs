using HybridGateway.DataPlane.Hosting;
using HybridGateway.Shared.Configuration;
using HybridGateway.Shared.Secrets;
using HybridGateway.Shared.Snapshots;

namespace HybridGateway.DataPlane.Snapshots;

/// <summary>
/// What a data plane needs to trust and read a snapshot: the control plane's public key, which must have signed its
/// version and hash, and the cluster key (derived from the cluster token) that opens its sealed secret values.
/// </summary>
internal sealed class SnapshotTrust : IDisposable
{
    private readonly SnapshotVerifier _verifier;
    private readonly SecretProtector? _clusterKey;

    public SnapshotTrust(DataPlaneSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _verifier = SnapshotVerifier.FromPem(settings.SnapshotPublicKeyPem);
        _clusterKey = settings.ClusterToken is { } token ? ClusterKey.FromToken(token) : null;
    }

    /// <summary>The id of the signing key this node trusts (for logs and status; never secret).</summary>
    public string SigningKeyId => _verifier.KeyId;

    /// <summary>
    /// Checks the signature, then decodes the bytes (hash-checked) and opens the sealed secrets. Throws
    /// <see cref="SnapshotFormatException"/> saying what is wrong; nothing of a refused snapshot is used.
    /// </summary>
    public GatewayConfig Open(SnapshotPayload payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        Verify(payload);
        return SnapshotSecrets.Open(SnapshotCodec.Decode(payload.Compressed, payload.Hash), _clusterKey);
    }

    /// <summary>Checks the signature over version and hash (the bytes are checked against the hash when decoded).</summary>
    public void Verify(SnapshotPayload payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        _verifier.Verify(payload.Version, payload.Hash, payload.Signature);
    }

    public void Dispose() => _verifier.Dispose();
}
