using System.Globalization;

namespace HybridGateway.Shared.Plugins.Sdk;

/// <summary>The plugin SDK's own version, and the version rule between a plugin's code and its manifest.</summary>
public static class PluginSdk
{
    /// <summary>The SDK version (semver). Bump the major version on any breaking change to <see cref="IGatewayPlugin"/> or <see cref="PluginContext"/>.</summary>
    public const string Version = "1.0.0";

    /// <summary>The major version of a semantic version (<c>2</c> for <c>2.1.0-beta.1</c>), or null when it has none.</summary>
    public static int? MajorVersion(string? version)
    {
        var text = version?.Split('.', 2)[0];
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var major) ? major : null;
    }

    /// <summary>
    /// True when a plugin's code at <paramref name="codeVersion"/> can run instances configured against a manifest at
    /// <paramref name="manifestVersion"/>: semantic versioning's rule, the same major version.
    /// </summary>
    public static bool AreCompatible(string? codeVersion, string? manifestVersion) =>
        MajorVersion(codeVersion) is { } code && code == MajorVersion(manifestVersion);
}
