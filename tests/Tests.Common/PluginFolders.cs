namespace HybridGateway.Tests.Common;

/// <summary>Fills a data plane's plugins folder from a plugin project's build output (the sample, test fixtures).</summary>
public static class PluginFolders
{
    /// <summary>The sample plugin's project and assembly (<c>samples/AddHeaderPlugin</c>, <c>add-header.dll</c>).</summary>
    public const string SampleProject = "AddHeaderPlugin";

    public const string SampleName = "add-header";

    /// <summary>The manifest the sample's README uploads to the control plane.</summary>
    public static string SampleManifestPath => Path.Combine(RepoRoot.Path, "samples", SampleProject, "manifest.json");

    /// <summary>Copies the sample into <c>pluginsDir/add-header/</c>, as <c>dotnet publish -o</c> would.</summary>
    public static void InstallSample(string pluginsDir) => Install(pluginsDir, SampleProject, SampleName, SampleName);

    /// <summary>
    /// Copies <paramref name="project"/>'s build output (<c>artifacts/bin/&lt;project&gt;/&lt;config&gt;</c>, the
    /// running tests' configuration) into <c>pluginsDir/name/</c>, its main assembly renamed to <c>name.dll</c>.
    /// </summary>
    public static void Install(string pluginsDir, string project, string assemblyName, string name)
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Name;
        var output = Path.Combine(RepoRoot.Path, "artifacts", "bin", project, configuration);
        if (!File.Exists(Path.Combine(output, assemblyName + ".dll")))
        {
            throw new FileNotFoundException($"{project} is not built into {output}: the test project must reference it (ReferenceOutputAssembly=false)");
        }

        var target = Directory.CreateDirectory(Path.Combine(pluginsDir, name)).FullName;
        foreach (var file in Directory.EnumerateFiles(output))
        {
            var fileName = Path.GetFileName(file);
            if (fileName.StartsWith(assemblyName + ".", StringComparison.Ordinal))
            {
                fileName = name + fileName[assemblyName.Length..];
            }

            File.Copy(file, Path.Combine(target, fileName), overwrite: true);
        }
    }
}
