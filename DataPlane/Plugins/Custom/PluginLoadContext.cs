using System.Reflection;
using System.Runtime.Loader;

namespace HybridGateway.DataPlane.Plugins.Custom;

/// <summary>
/// The load context of one custom plugin: its own dependencies come from its folder, while every assembly the host
/// carries (the SDK in HybridGateway.Shared, ASP.NET Core, the framework) comes from the default context, so the
/// plugin's <c>IGatewayPlugin</c> is the host's.
/// </summary>
internal sealed class PluginLoadContext : AssemblyLoadContext
{
    private static readonly Lazy<HashSet<string>> HostAssemblies = new(ReadHostAssemblies);

    private readonly AssemblyDependencyResolver _resolver;

    public PluginLoadContext(string mainAssemblyPath)
        : base($"plugin:{Path.GetFileNameWithoutExtension(mainAssemblyPath)}")
    {
        _resolver = new AssemblyDependencyResolver(mainAssemblyPath);
    }

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        if (assemblyName.Name is { } name && HostAssemblies.Value.Contains(name))
        {
            return null;
        }

        return _resolver.ResolveAssemblyToPath(assemblyName) is { } path ? LoadFromAssemblyPath(path) : null;
    }

    protected override IntPtr LoadUnmanagedDll(string unmanagedDllName) =>
        _resolver.ResolveUnmanagedDllToPath(unmanagedDllName) is { } path ? LoadUnmanagedDllFromPath(path) : IntPtr.Zero;

    // The host's trusted platform assemblies: the framework, ASP.NET Core and the data plane's own dependencies.
    private static HashSet<string> ReadHostAssemblies()
    {
        var list = AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string ?? string.Empty;
        return list.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(Path.GetFileNameWithoutExtension)
            .OfType<string>()
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
    }
}
