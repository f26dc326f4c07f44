using System.Text.Json;
using HybridGateway.Shared.Configuration;
using HybridGateway.Shared.Plugins.Custom;

namespace HybridGateway.DataPlane.Tests.TestSupport;

/// <summary>Plugins folders for the custom plugin tests, filled from the sample's and the fixtures' build output.</summary>
internal static class TestPlugins
{
    public const string SampleProject = "AddHeaderPlugin";
    public const string FixturesProject = "PluginFixtures";

    /// <summary>A new, empty plugins folder under the temporary directory.</summary>
    public static string CreateDir()
    {
        var dir = Path.Combine(Path.GetTempPath(), "hg-dp-tests", Guid.NewGuid().ToString("N"), "plugins");
        Directory.CreateDirectory(dir);
        return dir;
    }

    /// <summary>
    /// Copies <paramref name="project"/>'s build output into <c>pluginsDir/name/</c>, its main assembly renamed to
    /// <c>name.dll</c> (the artifacts layout puts each project's output at <c>artifacts/bin/&lt;project&gt;/&lt;config&gt;</c>).
    /// </summary>
    public static void Install(string pluginsDir, string project, string assemblyName, string name)
    {
        var testOutput = new DirectoryInfo(AppContext.BaseDirectory);
        var output = Path.Combine(testOutput.Parent!.Parent!.FullName, project, testOutput.Name);
        var target = Directory.CreateDirectory(Path.Combine(pluginsDir, name)).FullName;
        foreach (var file in Directory.EnumerateFiles(output))
        {
            var fileName = Path.GetFileName(file);
            if (fileName.StartsWith(assemblyName + ".", StringComparison.Ordinal))
            {
                fileName = name + fileName[assemblyName.Length..];
            }

            File.Copy(file, Path.Combine(target, fileName));
        }

        Assert.That(File.Exists(Path.Combine(target, name + ".dll")), Is.True, $"{project} is built into {output}");
    }

    public static void InstallSample(string pluginsDir) => Install(pluginsDir, SampleProject, "add-header", "add-header");

    public static void InstallFixtures(string pluginsDir) => Install(pluginsDir, FixturesProject, "broken-plugins", "broken-plugins");

    /// <summary>A file that is not an assembly, where a plugin assembly should be.</summary>
    public static string InstallJunk(string pluginsDir)
    {
        var path = Path.Combine(Directory.CreateDirectory(Path.Combine(pluginsDir, "junk")).FullName, "junk.dll");
        File.WriteAllText(path, "this is not an assembly");
        return path;
    }

    /// <summary>The sample's manifest (samples/AddHeaderPlugin/manifest.json), as the control plane puts it in snapshots.</summary>
    public static CustomPluginManifest SampleManifest() =>
        JsonSerializer.Deserialize<CustomPluginManifest>(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", "add-header.manifest.json")), GatewayJson.Options)!;
}
