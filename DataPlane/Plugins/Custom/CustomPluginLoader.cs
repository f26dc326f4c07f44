using System.Reflection;
using HybridGateway.DataPlane.Logging;
using HybridGateway.Shared.Contracts;
using HybridGateway.Shared.Plugins.Custom;
using HybridGateway.Shared.Plugins.Sdk;

namespace HybridGateway.DataPlane.Plugins.Custom;

/// <summary>
/// Loads custom plugins from the plugins folder at start-up: each <c>&lt;dir&gt;/&lt;name&gt;/&lt;name&gt;.dll</c> in
/// its own <see cref="PluginLoadContext"/>, and in it every public, non-abstract <see cref="IGatewayPlugin"/> with a
/// public parameterless constructor. Anything broken is logged, reported and skipped: the node always starts.
/// </summary>
internal static class CustomPluginLoader
{
    public static CustomPluginSet Load(string pluginsDir, IReadOnlyCollection<string> bundledNames, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(pluginsDir);
        ArgumentNullException.ThrowIfNull(bundledNames);
        ArgumentNullException.ThrowIfNull(logger);
        if (!Directory.Exists(pluginsDir))
        {
            Log.NoPluginsDir(logger, pluginsDir, null);
            return CustomPluginSet.Empty;
        }

        var plugins = new List<IGatewayPlugin>();
        var errors = new List<PluginLoadError>();
        var names = new HashSet<string>(bundledNames, StringComparer.OrdinalIgnoreCase);
        foreach (var folder in Directory.EnumerateDirectories(pluginsDir).Order(StringComparer.Ordinal))
        {
            var path = Path.Combine(folder, Path.GetFileName(folder) + ".dll");
            foreach (var (plugin, error) in LoadFolder(path))
            {
                var problem = error ?? Check(plugin!, names, bundledNames);
                if (problem is not null)
                {
                    errors.Add(new PluginLoadError(path, problem));
                    Log.PluginSkipped(logger, path, problem, null);
                    continue;
                }

                names.Add(plugin!.Name);
                plugins.Add(plugin);
                Log.PluginLoaded(logger, plugin.Name, plugin.Version, path, null);
            }
        }

        return new CustomPluginSet(plugins, errors);
    }

    private static IEnumerable<(IGatewayPlugin? Plugin, string? Error)> LoadFolder(string path)
    {
        if (!File.Exists(path))
        {
            return [(null, $"no plugin assembly: each plugin lives in plugins/<name>/<name>.dll, and '{path}' does not exist")];
        }

        Type[] types;
        try
        {
            var assembly = new PluginLoadContext(path).LoadFromAssemblyPath(path);
            var sdk = typeof(IGatewayPlugin).Assembly.GetName();
            var builtAgainst = assembly.GetReferencedAssemblies().FirstOrDefault(a => string.Equals(a.Name, sdk.Name, StringComparison.Ordinal));
            if (SdkProblem(builtAgainst?.Version, sdk.Version!) is { } problem)
            {
                return [(null, problem)];
            }

            types = assembly.GetExportedTypes();
        }
        catch (BadImageFormatException ex)
        {
            return [(null, $"not a .NET assembly: {ex.Message}")];
        }
        catch (Exception ex) when (ex is FileLoadException or FileNotFoundException or TypeLoadException or ReflectionTypeLoadException or InvalidOperationException or IOException)
        {
            return [(null, $"cannot load the assembly (a missing or incompatible dependency?): {Describe(ex)}")];
        }

        var candidates = types.Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IGatewayPlugin).IsAssignableFrom(t) && t.GetConstructor(Type.EmptyTypes) is not null).ToArray();
        if (candidates.Length == 0)
        {
            return [(null, "no public, non-abstract IGatewayPlugin with a public parameterless constructor in the assembly")];
        }

        return candidates.Select(Create);
    }

    /// <summary>
    /// Why a plugin built against plugin SDK <paramref name="builtAgainst"/> cannot run on this node's SDK
    /// <paramref name="host"/> (versions of the SDK assembly, major.minor), or null when it can: the same major, and no newer
    /// minor (it might call what this node lacks). No reference at all is left to the "no IGatewayPlugin" check.
    /// </summary>
    internal static string? SdkProblem(Version? builtAgainst, Version host)
    {
        ArgumentNullException.ThrowIfNull(host);
        if (builtAgainst is null || (builtAgainst.Major == host.Major && builtAgainst.Minor <= host.Minor))
        {
            return null;
        }

        return $"built against plugin SDK {builtAgainst.Major}.{builtAgainst.Minor}, and this data plane has plugin SDK {PluginSdk.Version} "
            + $"(a plugin needs the same major version and at most minor {host.Minor}): rebuild it against this data plane's HybridGateway.Shared";
    }

    private static (IGatewayPlugin? Plugin, string? Error) Create(Type type)
    {
        try
        {
            return ((IGatewayPlugin)Activator.CreateInstance(type)!, null);
        }
        catch (Exception ex) when (ex is TargetInvocationException or TypeLoadException or FileNotFoundException or FileLoadException or MissingMethodException or MemberAccessException)
        {
            return (null, $"{type.FullName}: its constructor failed: {Describe(ex)}");
        }
    }

    // Name, version and priority are what the registry and the control plane rely on: check them before trusting the plugin.
    private static string? Check(IGatewayPlugin plugin, HashSet<string> names, IReadOnlyCollection<string> bundledNames)
    {
        string name, version;
        try
        {
            name = plugin.Name;
            version = plugin.Version;
            _ = plugin.Priority;
        }
        catch (Exception ex)
        {
            return $"{plugin.GetType().FullName}: reading its name, version or priority failed: {Describe(ex)}";
        }

        if (name is null || !CustomPluginUpload.IsValidName(name))
        {
            return $"{plugin.GetType().FullName}: the name '{name}' must match ^[a-z][a-z0-9-]*$ (at most {CustomPluginUpload.MaxNameLength} characters)";
        }

        if (version is null || !CustomPluginUpload.IsValidVersion(version))
        {
            return $"{plugin.GetType().FullName}: plugin '{name}' has version '{version}', which is not a semantic version like 1.0.0";
        }

        if (bundledNames.Contains(name, StringComparer.OrdinalIgnoreCase))
        {
            return $"{plugin.GetType().FullName}: plugin '{name}' has the name of a bundled plugin";
        }

        return names.Contains(name) ? $"{plugin.GetType().FullName}: another custom plugin is already named '{name}'" : null;
    }

    private static string Describe(Exception ex) => ex switch
    {
        TargetInvocationException { InnerException: { } inner } => Describe(inner),
        ReflectionTypeLoadException { LoaderExceptions: [{ } first, ..] } => first.Message,
        _ => ex.Message,
    };

    private static class Log
    {
        public static readonly Action<ILogger, string, Exception?> NoPluginsDir =
            LoggerMessage.Define<string>(LogLevel.Information, EventIds.CustomPluginsNotFound, "No custom plugins: the plugins folder {PluginsDir} does not exist");

        public static readonly Action<ILogger, string, string, string, Exception?> PluginLoaded =
            LoggerMessage.Define<string, string, string>(LogLevel.Information, EventIds.CustomPluginLoaded, "Loaded custom plugin {Plugin} {Version} from {Path}");

        public static readonly Action<ILogger, string, string, Exception?> PluginSkipped =
            LoggerMessage.Define<string, string>(LogLevel.Error, EventIds.CustomPluginSkipped, "Skipped the custom plugin at {Path}: {Reason}");
    }
}
