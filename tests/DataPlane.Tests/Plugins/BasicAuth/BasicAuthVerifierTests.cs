using System.Text;
using HybridGateway.DataPlane.Plugins.BasicAuth;
using HybridGateway.Shared.Configuration;
using HybridGateway.Shared.Plugins.BasicAuth;

namespace HybridGateway.DataPlane.Tests.Plugins.BasicAuth;

public sealed class BasicAuthVerifierTests
{
    private static readonly BasicAuthCredentialConfig Alice = new() { Id = Guid.NewGuid(), Consumer = new EntityRef(Guid.NewGuid()), Username = "alice", Password = BasicAuthPasswords.Hash("right") };
    private static readonly BasicAuthCredentialConfig Bob = new() { Id = Guid.NewGuid(), Consumer = new EntityRef(Guid.NewGuid()), Username = "bob", Password = BasicAuthPasswords.Hash("other") };

    [Test]
    public void ASuccessIsRemembered_OncePerCredentialAndPassword()
    {
        var verifier = new BasicAuthVerifier();

        Assert.That(verifier.Verify(Alice, "right"u8), Is.True);
        Assert.That(verifier.Verify(Alice, "right"u8), Is.True);
        Assert.That(verifier.Count, Is.EqualTo(1), "the second check came from the cache");
    }

    [Test]
    public void FailuresAreNeverRemembered_AndAnEntryVouchesForItsOwnCredentialOnly()
    {
        var verifier = new BasicAuthVerifier();
        verifier.Verify(Alice, "right"u8);

        Assert.That(verifier.Verify(Alice, "wrong"u8), Is.False);
        Assert.That(verifier.Verify(Bob, "right"u8), Is.False, "alice's remembered password is not bob's");
        Assert.That(verifier.Count, Is.EqualTo(1));
        Assert.That(verifier.Verify(Bob, Encoding.UTF8.GetBytes("other")), Is.True);
    }
}
