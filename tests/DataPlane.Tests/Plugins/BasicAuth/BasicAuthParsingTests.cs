using System.Text;
using HybridGateway.DataPlane.Plugins.BasicAuth;

namespace HybridGateway.DataPlane.Tests.Plugins.BasicAuth;

/// <summary>Kong's parsing of a Basic Authorization value: <c>\s*[Bb]asic\s*(.+)</c>, base64, <c>user:password</c>.</summary>
public sealed class BasicAuthParsingTests
{
    [TestCase("Basic dXNlcjpwYXNz", "user", "pass")]
    [TestCase("  basic   dXNlcjpwYXNz  ", "user", "pass")]
    [TestCase("Basic dXNlcjpwYTpzOnM=", "user", "pa:s:s")]
    [TestCase("Basic dXNlcjo=", "user", "")]
    [TestCase("Basic dXNlcjpwYXNzMQ", "user", "pass1")]
    [TestCase("Basic w7xuw686cMOkc3N3w7ZyZA", "ünï", "pässwörd")]
    public void Parses(string header, string username, string password)
    {
        Assert.That(BasicAuthHandler.TryParse(header, out var user, out var pass), Is.True);
        Assert.That(user, Is.EqualTo(username));
        Assert.That(Encoding.UTF8.GetString(pass), Is.EqualTo(password));
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("Basic")]
    [TestCase("Basic ")]
    [TestCase("BASIC dXNlcjpwYXNz")]
    [TestCase("Bearer dXNlcjpwYXNz")]
    [TestCase("Basic %%%")]
    [TestCase("Basic OnBhc3M=")]
    [TestCase("Basic dXNlcg==")]
    public void Refuses(string? header) =>
        Assert.That(BasicAuthHandler.TryParse(header, out _, out _), Is.False);
}
