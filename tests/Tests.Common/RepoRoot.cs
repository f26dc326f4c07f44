namespace HybridGateway.Tests.Common;

/// <summary>Finds the repository root (the directory holding HybridGateway.sln) and the built binaries.</summary>
public static class RepoRoot
{
    private static readonly Lazy<string> Root = new(Find);

    /// <summary>The repository root directory.</summary>
    public static string Path => Root.Value;

    /// <summary>The `gw` script at the repository root.</summary>
    public static string GwScript => System.IO.Path.Combine(Path, "gw");

    /// <summary>
    /// The built host assembly of <paramref name="project"/> (e.g. "ControlPlane"), in the same configuration as the
    /// running test assembly: artifacts/bin/&lt;Project&gt;/&lt;config&gt;/HybridGateway.&lt;Project&gt;.dll.
    /// </summary>
    public static string HostDll(string project)
    {
        // This assembly lives in artifacts/bin/<TestProject>/<config>/; the hosts live beside it.
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(System.IO.Path.DirectorySeparatorChar)).Name;
        var dll = System.IO.Path.Combine(Path, "artifacts", "bin", project, configuration, $"HybridGateway.{project}.dll");
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException($"{dll} does not exist: build the solution first (./gw build)", dll);
        }

        return dll;
    }

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "HybridGateway.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"HybridGateway.sln not found above {AppContext.BaseDirectory}");
    }
}
