using System.Text.Json;
using HybridGateway.Shared.Configuration;
using HybridGateway.Shared.Plugins.Custom;
using HybridGateway.Tests.Common;

namespace HybridGateway.DataPlane.Tests.TestSupport;

/// <summary>Plugins folders for the custom plugin tests: the sample, the broken fixtures, junk.</summary>
internal static class TestPlugins
{
    /// <summary>A new, empty plugins folder under the temporary directory.</summary>
    public static string CreateDir()
    {
        var dir = Path.Combine(Path.GetTempPath(), "hg-dp-tests", Guid.NewGuid().ToString("N"), "plugins");
        Directory.CreateDirectory(dir);
        return dir;
    }

    public static void InstallSample(string pluginsDir) => PluginFolders.InstallSample(pluginsDir);

    /// <summary>tests/PluginFixtures: a throwing constructor, a bundled plugin's name, a version that is not semantic.</summary>
    public static void InstallFixtures(string pluginsDir) => PluginFolders.Install(pluginsDir, "PluginFixtures", "broken-plugins", "broken-plugins");

    /// <summary>A file that is not an assembly, where a plugin assembly should be.</summary>
    public static string InstallJunk(string pluginsDir)
    {
        var path = Path.Combine(Directory.CreateDirectory(Path.Combine(pluginsDir, "junk")).FullName, "junk.dll");
        File.WriteAllText(path, "this is not an assembly");
        return path;
    }

    /// <summary>The sample's manifest (samples/AddHeaderPlugin/manifest.json), as the control plane puts it in snapshots.</summary>
    public static CustomPluginManifest SampleManifest() =>
        JsonSerializer.Deserialize<CustomPluginManifest>(File.ReadAllText(PluginFolders.SampleManifestPath), GatewayJson.Options)!;
}
