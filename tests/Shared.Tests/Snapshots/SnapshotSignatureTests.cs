using HybridGateway.Shared.Snapshots;
using HybridGateway.Tests.Common;

namespace HybridGateway.Shared.Tests.Snapshots;

public sealed class SnapshotSignatureTests
{
    private static readonly string Hash = new('a', 64);

    [Test]
    public void Signed_Verifies_WithThePublicKeyOnly()
    {
        using var signer = SnapshotSigner.FromPem(SnapshotSigner.CreatePem());
        using var verifier = SnapshotVerifier.FromPem(signer.PublicKeyPem);

        var signature = signer.Sign(7, Hash);

        Assert.That(signature, Does.StartWith($"es256:{signer.KeyId}:"));
        Assert.That(verifier.KeyId, Is.EqualTo(signer.KeyId));
        Assert.That(() => verifier.Verify(7, Hash, signature), Throws.Nothing);
    }

    [Test]
    public void AnotherVersion_OrHash_WithTheSameSignature_IsRefused()
    {
        using var signer = SnapshotSigner.FromPem(SnapshotSigner.CreatePem());
        using var verifier = SnapshotVerifier.FromPem(signer.PublicKeyPem);
        var signature = signer.Sign(7, Hash);

        // A replay of an old, validly signed snapshot as a newer version:
        Assert.That(() => verifier.Verify(8, Hash, signature), Throws.TypeOf<SnapshotFormatException>().With.Message.Contains("fails its signature check"));
        Assert.That(() => verifier.Verify(7, new string('b', 64), signature), Throws.TypeOf<SnapshotFormatException>().With.Message.Contains("fails its signature check"));
    }

    [Test]
    public void AnotherKeysSignature_IsRefused_NamingBothKeys()
    {
        using var trusted = SnapshotSigner.FromPem(SnapshotSigner.CreatePem());
        using var rogue = SnapshotSigner.FromPem(SnapshotSigner.CreatePem());
        using var verifier = SnapshotVerifier.FromPem(trusted.PublicKeyPem);

        Assert.That(
            () => verifier.Verify(1, Hash, rogue.Sign(1, Hash)),
            Throws.TypeOf<SnapshotFormatException>().With.Message.Contains(rogue.KeyId).And.Message.Contains(trusted.KeyId));

        // Claiming the trusted key's id does not help.
        var forged = rogue.Sign(1, Hash).Replace(rogue.KeyId, trusted.KeyId, StringComparison.Ordinal);
        Assert.That(() => verifier.Verify(1, Hash, forged), Throws.TypeOf<SnapshotFormatException>().With.Message.Contains("fails its signature check"));
    }

    [TestCase(null, "is not signed")]
    [TestCase("", "is not signed")]
    [TestCase("es256:abc", "cannot read")]
    [TestCase("rs256:0011223344556677:AAAA", "cannot read")]
    [TestCase("es256:0011223344556677:AAAA:BBBB", "cannot read")]
    public void UnsignedOrUnreadable_IsRefused(string? signature, string message)
    {
        using var signer = SnapshotSigner.FromPem(SnapshotSigner.CreatePem());
        using var verifier = SnapshotVerifier.FromPem(signer.PublicKeyPem);

        Assert.That(() => verifier.Verify(1, Hash, signature), Throws.TypeOf<SnapshotFormatException>().With.Message.Contains(message));
    }

    [Test]
    public void GarbageSignatureBytes_UnderTheRightKeyId_IsRefused()
    {
        using var signer = SnapshotSigner.FromPem(SnapshotSigner.CreatePem());
        using var verifier = SnapshotVerifier.FromPem(signer.PublicKeyPem);

        Assert.That(() => verifier.Verify(1, Hash, $"es256:{signer.KeyId}:!!not-base64!!"), Throws.TypeOf<SnapshotFormatException>());
        Assert.That(() => verifier.Verify(1, Hash, $"es256:{signer.KeyId}:AAAA"), Throws.TypeOf<SnapshotFormatException>());
        Assert.That(() => verifier.Verify(1, Hash, "es256:" + new string('x', 300)), Throws.TypeOf<SnapshotFormatException>());
    }

    [Test]
    public void KeysThatAreNotP256_OrNotPrivateForSigning_AreRefusedWithAReason()
    {
        var (rsa, _, rsaPublic) = TestSigningKeys.RsaPem();
        var (p384, _, _) = TestSigningKeys.EcPem("P-384");
        using var signer = SnapshotSigner.FromPem(SnapshotSigner.CreatePem());

        Assert.That(() => SnapshotSigner.FromPem(rsa), Throws.ArgumentException.With.Message.Contains("P-256"));
        Assert.That(() => SnapshotSigner.FromPem(p384), Throws.ArgumentException.With.Message.Contains("P-256"));
        Assert.That(() => SnapshotSigner.FromPem(signer.PublicKeyPem), Throws.ArgumentException.With.Message.Contains("private"));
        Assert.That(() => SnapshotVerifier.FromPem(rsaPublic), Throws.ArgumentException.With.Message.Contains("P-256"));
        Assert.That(() => SnapshotVerifier.FromPem("not a pem"), Throws.ArgumentException);
    }
}
