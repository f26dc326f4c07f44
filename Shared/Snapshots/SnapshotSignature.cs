using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace HybridGateway.Shared.Snapshots;

/// <summary>
/// The control plane's signature over a snapshot: ECDSA P-256 with SHA-256 over its version and the SHA-256 of its
/// canonical JSON. The hash covers every byte of the config; the version is signed too, so an old snapshot can never
/// be replayed as a newer version. As text: <c>es256:&lt;key id&gt;:&lt;base64url(r|s)&gt;</c>, where the key id
/// (<see cref="KeyIdOf"/>) lets a data plane say which key signed a snapshot it refuses.
/// </summary>
public static class SnapshotSignature
{
    public const string Prefix = "es256:";

    /// <summary>The longest signature text accepted (a P-256 signature is far shorter).</summary>
    public const int MaxLength = 256;

    /// <summary>Names a public key without revealing anything: the first 8 bytes of its SubjectPublicKeyInfo's SHA-256, hex.</summary>
    public static string KeyIdOf(ECDsa key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Convert.ToHexStringLower(SHA256.HashData(key.ExportSubjectPublicKeyInfo()).AsSpan(0, 8));
    }

    internal static byte[] Message(long version, string hash) =>
        Encoding.UTF8.GetBytes($"hybridgateway snapshot v1\n{version.ToString(CultureInfo.InvariantCulture)}\n{hash}");

    internal static ECDsa ImportP256(string pem, bool requirePrivate)
    {
        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(pem);
            var parameters = key.ExportParameters(includePrivateParameters: false);
            if (parameters.Curve.Oid.Value != ECCurve.NamedCurves.nistP256.Oid.Value)
            {
                throw new ArgumentException("the snapshot signing key must be an EC key on curve P-256");
            }

            if (requirePrivate)
            {
                // Throws when the PEM held only a public key.
                _ = key.ExportParameters(includePrivateParameters: true);
            }

            return key;
        }
        catch (Exception ex) when (ex is CryptographicException or ArgumentException)
        {
            key.Dispose();
            throw new ArgumentException($"the snapshot signing key is not a usable {(requirePrivate ? "private" : "public")} P-256 PEM key: {ex.Message}", ex);
        }
    }
}

/// <summary>Signs snapshots with the control plane's private key (<see cref="SnapshotSignature"/>).</summary>
public sealed class SnapshotSigner : IDisposable
{
    private readonly ECDsa _key;

    private SnapshotSigner(ECDsa key)
    {
        _key = key;
        KeyId = SnapshotSignature.KeyIdOf(key);
        PublicKeyPem = key.ExportSubjectPublicKeyInfoPem();
    }

    public string KeyId { get; }

    /// <summary>The public key as SPKI PEM: what data planes are given to trust (<c>Cluster:SnapshotPublicKey</c>).</summary>
    public string PublicKeyPem { get; }

    /// <summary>Loads a private P-256 key from PEM (PKCS#8 or SEC1); throws <see cref="ArgumentException"/> saying why it cannot.</summary>
    public static SnapshotSigner FromPem(string privatePem)
    {
        ArgumentNullException.ThrowIfNull(privatePem);
        return new SnapshotSigner(SnapshotSignature.ImportP256(privatePem, requirePrivate: true));
    }

    /// <summary>A new random key, as PKCS#8 PEM.</summary>
    public static string CreatePem()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return key.ExportPkcs8PrivateKeyPem();
    }

    public string Sign(long version, string hash)
    {
        ArgumentException.ThrowIfNullOrEmpty(hash);
        var signature = _key.SignData(SnapshotSignature.Message(version, hash), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        return $"{SnapshotSignature.Prefix}{KeyId}:{Base64Url.EncodeToString(signature)}";
    }

    public void Dispose() => _key.Dispose();
}

/// <summary>Checks snapshot signatures against the one public key a data plane trusts.</summary>
public sealed class SnapshotVerifier : IDisposable
{
    private readonly ECDsa _key;

    private SnapshotVerifier(ECDsa key)
    {
        _key = key;
        KeyId = SnapshotSignature.KeyIdOf(key);
        PublicKeyPem = key.ExportSubjectPublicKeyInfoPem();
    }

    public string KeyId { get; }

    public string PublicKeyPem { get; }

    /// <summary>Loads a public (or private: only its public half is kept) P-256 key from PEM; throws <see cref="ArgumentException"/> saying why it cannot.</summary>
    public static SnapshotVerifier FromPem(string pem)
    {
        ArgumentNullException.ThrowIfNull(pem);
        using var imported = SnapshotSignature.ImportP256(pem, requirePrivate: false);
        var publicOnly = ECDsa.Create(imported.ExportParameters(includePrivateParameters: false));
        return new SnapshotVerifier(publicOnly);
    }

    /// <summary>Throws <see cref="SnapshotFormatException"/> unless <paramref name="signature"/> is this key's over the version and hash.</summary>
    public void Verify(long version, string hash, string? signature)
    {
        ArgumentException.ThrowIfNullOrEmpty(hash);
        if (string.IsNullOrEmpty(signature))
        {
            throw new SnapshotFormatException($"snapshot version {version} is not signed: only snapshots signed by the control plane's key {KeyId} are applied");
        }

        var parts = signature.Length <= SnapshotSignature.MaxLength && signature.StartsWith(SnapshotSignature.Prefix, StringComparison.Ordinal)
            ? signature[SnapshotSignature.Prefix.Length..].Split(':')
            : [];
        if (parts.Length != 2)
        {
            throw new SnapshotFormatException($"snapshot version {version} has a signature this node cannot read (expected es256:<key id>:<signature>)");
        }

        if (!string.Equals(parts[0], KeyId, StringComparison.Ordinal))
        {
            throw new SnapshotFormatException(
                $"snapshot version {version} is signed by key {parts[0]}, but this node trusts only the control plane key {KeyId} (Cluster:SnapshotPublicKey, or the key pinned on first contact)");
        }

        byte[] bytes;
        try
        {
            bytes = Base64Url.DecodeFromChars(parts[1]);
        }
        catch (FormatException)
        {
            bytes = [];
        }

        if (!_key.VerifyData(SnapshotSignature.Message(version, hash), bytes, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation))
        {
            throw new SnapshotFormatException($"snapshot version {version} fails its signature check under key {KeyId}: it was altered, or signed for another version or content");
        }
    }

    public void Dispose() => _key.Dispose();
}
