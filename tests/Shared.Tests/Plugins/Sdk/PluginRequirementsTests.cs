using HybridGateway.Shared.Configuration;
using HybridGateway.Shared.Contracts;
using HybridGateway.Shared.Plugins.Custom;
using HybridGateway.Shared.Plugins.Sdk;

namespace HybridGateway.Shared.Tests.Plugins.Sdk;

public sealed class PluginRequirementsTests
{
    [Test]
    public void Of_NamesEveryPluginOnce_WithTheManifestVersionForCustomOnes()
    {
        var config = new GatewayConfig
        {
            Plugins =
            [
                Plugin("jwt"), Plugin("add-header"), Plugin("jwt", enabled: false), Plugin("cors"),
            ],
            CustomPlugins = [new CustomPluginManifest { Name = "add-header", Version = "1.2.0", Priority = 800, Phases = ["access"], Schema = new() }],
        };

        Assert.That(PluginRequirements.Of(config), Is.EqualTo(new[]
        {
            new PluginRequirement("add-header", "1.2.0"), new PluginRequirement("cors", null), new PluginRequirement("jwt", null),
        }));
    }

    [Test]
    public void Unmet_NamesMissingPluginsAndOtherMajorVersions_InTheDataPlanesWords()
    {
        PluginInfo[] carried = [new("jwt", "1.0.0"), new("add-header", "2.0.1")];
        PluginRequirement[] required = [new("jwt", null), new("add-header", "1.2.0"), new("rate-limits", null)];

        Assert.That(PluginRequirements.Unmet(carried, required), Is.EqualTo(new[]
        {
            "plugin 'add-header' is not available on this data plane in a compatible version: the config's manifest has version 1.2.0, this data plane carries version 2.0.1",
            "plugin 'rate-limits' is not available on this data plane",
        }));
        Assert.That(PluginRequirements.Unmet(carried, [new("add-header", "2.5.0"), new("JWT", null)]), Is.Empty);
    }

    [Test]
    public void Header_RoundTrips()
    {
        PluginInfo[] plugins = [new("jwt", "1.0.0"), new("add-header", "2.1.0-beta.1+build.5")];
        var header = PluginRequirements.FormatHeader(plugins);

        Assert.That(header, Is.EqualTo("jwt/1.0.0, add-header/2.1.0-beta.1+build.5"));
        Assert.That(PluginRequirements.TryParseHeader(header, out var parsed, out var error), Is.True, error);
        Assert.That(parsed, Is.EqualTo(plugins));
        Assert.That(PluginRequirements.TryParseHeader("", out var none, out _) && none.Count == 0, Is.True);
    }

    [TestCase("jwt", "'jwt' is not name/version")]
    [TestCase("jwt/1.0.0, /2", "'/2' is not name/version")]
    [TestCase("jwt/1 0", "'jwt/1 0' is not name/version")]
    [TestCase("jwt/1.0\u0001", "'jwt/1.0?' is not name/version")]
    public void Header_Malformed_IsRefusedSayingWhy(string header, string expected)
    {
        Assert.That(PluginRequirements.TryParseHeader(header, out _, out var error), Is.False);
        Assert.That(error, Is.EqualTo(expected));
    }

    [Test]
    public void Header_BeyondTheLimits_IsRefused()
    {
        var many = string.Join(",", Enumerable.Range(0, PluginRequirements.MaxPlugins + 1).Select(i => $"p{i}/1.0.0"));
        Assert.That(PluginRequirements.TryParseHeader(many, out _, out var error), Is.False);
        Assert.That(error, Is.EqualTo($"names more than {PluginRequirements.MaxPlugins} plugins"));

        var longValue = new string('a', PluginRequirements.MaxHeaderLength + 1);
        Assert.That(PluginRequirements.TryParseHeader(longValue, out _, out error), Is.False);
        Assert.That(error, Is.EqualTo($"longer than {PluginRequirements.MaxHeaderLength} characters"));
    }

    private static PluginConfig Plugin(string name, bool enabled = true) =>
        new() { Id = Guid.NewGuid(), Name = name, Enabled = enabled, Config = System.Text.Json.JsonDocument.Parse("{}").RootElement };
}
