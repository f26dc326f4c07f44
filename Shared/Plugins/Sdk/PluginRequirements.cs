using System.Text;
using System.Text.RegularExpressions;
using HybridGateway.Shared.Configuration;
using HybridGateway.Shared.Contracts;

namespace HybridGateway.Shared.Plugins.Sdk;

/// <summary>
/// Which plugins a config needs, and whether a node can run it: the one rule the control plane (node states, what it
/// hands out) and the data plane (what it applies) both use, with the same words.
/// </summary>
public static partial class PluginRequirements
{
    /// <summary>The header a data plane names its plugins in when it fetches a snapshot: <c>jwt/1.0.0, add-header/1.2.0</c>.</summary>
    public const string HeaderName = "X-Gateway-Plugins";

    /// <summary>Longest <see cref="HeaderName"/> value accepted (a few hundred plugins).</summary>
    public const int MaxHeaderLength = 16 * 1024;

    /// <summary>Most plugins one header may name.</summary>
    public const int MaxPlugins = 512;

    /// <summary>Every plugin <paramref name="config"/> has an instance of (enabled or not: a node must parse them all), by name.</summary>
    public static IReadOnlyList<PluginRequirement> Of(GatewayConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var manifests = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var manifest in config.CustomPlugins)
        {
            manifests.TryAdd(manifest.Name, manifest.Version);
        }

        return [.. config.Plugins
            .Select(p => p.Name)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .Order(StringComparer.Ordinal)
            .Select(name => new PluginRequirement(name, manifests.GetValueOrDefault(name)))];
    }

    /// <summary>Why a node carrying <paramref name="carriedVersion"/> (null: not at all) cannot run <paramref name="required"/>, or null when it can.</summary>
    public static string? Problem(PluginRequirement required, string? carriedVersion)
    {
        ArgumentNullException.ThrowIfNull(required);
        if (carriedVersion is null)
        {
            return $"plugin '{required.Name}' is not available on this data plane";
        }

        // Semantic versioning: code of another major version may not understand the manifest's config.
        return required.Version is null || PluginSdk.AreCompatible(carriedVersion, required.Version)
            ? null
            : $"plugin '{required.Name}' is not available on this data plane in a compatible version: "
                + $"the config's manifest has version {required.Version}, this data plane carries version {carriedVersion}";
    }

    /// <summary>Every requirement a node carrying <paramref name="carried"/> does not meet, as <see cref="Problem"/> words.</summary>
    public static IReadOnlyList<string> Unmet(IEnumerable<PluginInfo> carried, IEnumerable<PluginRequirement> required)
    {
        ArgumentNullException.ThrowIfNull(carried);
        ArgumentNullException.ThrowIfNull(required);
        var versions = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var plugin in carried)
        {
            versions.TryAdd(plugin.Name, plugin.Version);
        }

        return [.. required.Select(r => Problem(r, versions.GetValueOrDefault(r.Name))).OfType<string>()];
    }

    /// <summary>Why a node does not get or apply <paramref name="version"/>, from <see cref="Unmet"/>'s list.</summary>
    public static string Refusal(long version, IReadOnlyList<string> unmet)
    {
        ArgumentNullException.ThrowIfNull(unmet);
        return $"version {version} uses plugins this data plane cannot run: {string.Join("; ", unmet)}";
    }

    /// <summary>The <see cref="HeaderName"/> value for <paramref name="plugins"/>.</summary>
    public static string FormatHeader(IEnumerable<PluginInfo> plugins)
    {
        ArgumentNullException.ThrowIfNull(plugins);
        return string.Join(", ", plugins.Select(p => $"{p.Name}/{p.Version}"));
    }

    /// <summary>Parses a <see cref="HeaderName"/> value; on failure <paramref name="error"/> says what is wrong with it.</summary>
    public static bool TryParseHeader(string value, out IReadOnlyList<PluginInfo> plugins, out string? error)
    {
        ArgumentNullException.ThrowIfNull(value);
        plugins = [];
        if (value.Length > MaxHeaderLength)
        {
            error = $"longer than {MaxHeaderLength} characters";
            return false;
        }

        var parsed = new List<PluginInfo>();
        foreach (var item in value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var match = ItemPattern().Match(item);
            if (!match.Success)
            {
                error = $"'{Printable(item)}' is not name/version";
                return false;
            }

            if (parsed.Count == MaxPlugins)
            {
                error = $"names more than {MaxPlugins} plugins";
                return false;
            }

            parsed.Add(new PluginInfo(match.Groups["name"].Value, match.Groups["version"].Value));
        }

        plugins = parsed;
        error = null;
        return true;
    }

    // An error echoes at most a short, printable piece of what was sent.
    private static string Printable(string text)
    {
        var builder = new StringBuilder();
        foreach (var c in text.Take(64))
        {
            builder.Append(char.IsControl(c) ? '?' : c);
        }

        return builder.ToString();
    }

    [GeneratedRegex(@"^(?<name>[A-Za-z][A-Za-z0-9_-]{0,99})/(?<version>[0-9A-Za-z.+-]{1,64})$", RegexOptions.CultureInvariant)]
    private static partial Regex ItemPattern();
}
