using HybridGateway.Shared.Plugins.BasicAuth;

namespace HybridGateway.Shared.Tests.Plugins;

public sealed class BasicAuthPasswordsTests
{
    [Test]
    public void Hash_IsSaltedPbkdf2_ThatVerifiesOnlyThePassword()
    {
        var first = BasicAuthPasswords.Hash("pässwörd:with:colons");
        var second = BasicAuthPasswords.Hash("pässwörd:with:colons");

        Assert.That(first, Does.Match(@"^pbkdf2-sha256\$10000\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$"));
        Assert.That(second, Is.Not.EqualTo(first), "a random salt per hash");
        Assert.That(BasicAuthPasswords.Verify("pässwörd:with:colons", first), Is.True);
        Assert.That(BasicAuthPasswords.Verify("pässwörd:with:colon", first), Is.False);
        Assert.That(BasicAuthPasswords.Verify("", first), Is.False);
    }

    [Test]
    public void Verify_KnownVector_FromAnIndependentPbkdf2()
    {
        // Python: hashlib.pbkdf2_hmac("sha256", b"password", b"saltsalt", 1000).
        const string stored = "pbkdf2-sha256$1000$c2FsdHNhbHQ=$E196ZhRPzw+wA84EjzHwJO1cv/MFJdO6C/sxmUeTYqY=";

        Assert.That(BasicAuthPasswords.Verify("password", stored), Is.True);
        Assert.That(BasicAuthPasswords.Verify("Password", stored), Is.False);
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("clear-text")]
    [TestCase("5baa61e4c9b93f3f0682250b6cf8331b7ee68fd8", TestName = "Kong's sha1 hex is not ours")]
    [TestCase("pbkdf2-sha256$10000$c2FsdHNhbHQ=")]
    [TestCase("pbkdf2-sha256$0$c2FsdHNhbHQ=$E196ZhRPzw+wA84EjzHwJO1cv/MFJdO6C/sxmUeTYqY=")]
    [TestCase("pbkdf2-sha256$99999999$c2FsdHNhbHQ=$E196ZhRPzw+wA84EjzHwJO1cv/MFJdO6C/sxmUeTYqY=", TestName = "iterations bounded against a forged hash")]
    [TestCase("pbkdf2-sha256$-5$c2FsdHNhbHQ=$E196ZhRPzw+wA84EjzHwJO1cv/MFJdO6C/sxmUeTYqY=")]
    [TestCase("pbkdf2-sha256$1000$not base64$E196ZhRPzw+wA84EjzHwJO1cv/MFJdO6C/sxmUeTYqY=")]
    [TestCase("pbkdf2-sha1$1000$c2FsdHNhbHQ=$E196ZhRPzw+wA84EjzHwJO1cv/MFJdO6C/sxmUeTYqY=")]
    public void MalformedHashes_NeverVerify(string? stored)
    {
        Assert.That(BasicAuthPasswords.IsHash(stored), Is.False);
        Assert.That(BasicAuthPasswords.Verify("password", stored), Is.False);
    }
}
