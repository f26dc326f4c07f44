using HybridGateway.Shared.Plugins.Sdk;

namespace HybridGateway.Shared.Tests.Plugins.Sdk;

public sealed class PluginSdkTests
{
    [TestCase("1.0.0", 1)]
    [TestCase("12.3.4-beta.1", 12)]
    [TestCase("0.9.0+build.5", 0)]
    public void MajorVersion_SemanticVersion_IsItsFirstNumber(string version, int major) =>
        Assert.That(PluginSdk.MajorVersion(version), Is.EqualTo(major));

    [TestCase(null)]
    [TestCase("")]
    [TestCase("latest")]
    [TestCase("-1.0.0")]
    public void MajorVersion_NoVersion_IsNull(string? version) =>
        Assert.That(PluginSdk.MajorVersion(version), Is.Null);

    [TestCase("1.4.2", "1.0.0", true)]
    [TestCase("1.0.0", "1.9.0-rc.1", true)]
    [TestCase("1.0.0", "2.0.0", false)]
    [TestCase("2.0.0", "1.0.0", false)]
    [TestCase("latest", "1.0.0", false)]
    [TestCase("1.0.0", null, false)]
    public void AreCompatible_IsTheSameMajorVersion(string? code, string? manifest, bool compatible) =>
        Assert.That(PluginSdk.AreCompatible(code, manifest), Is.EqualTo(compatible));

    [Test]
    public void Version_IsSemantic() =>
        Assert.That(HybridGateway.Shared.Plugins.Custom.CustomPluginUpload.IsValidVersion(PluginSdk.Version), Is.True);
}
