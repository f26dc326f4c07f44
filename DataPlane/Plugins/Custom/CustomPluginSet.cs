using HybridGateway.Shared.Plugins.Sdk;

namespace HybridGateway.DataPlane.Plugins.Custom;

/// <summary>A plugin assembly (or type in it) that was skipped at start-up, and why.</summary>
internal sealed record PluginLoadError(string Path, string Message);

/// <summary>What start-up found in the plugins folder: the plugins to register and what was skipped.</summary>
internal sealed record CustomPluginSet(IReadOnlyList<IGatewayPlugin> Plugins, IReadOnlyList<PluginLoadError> Errors)
{
    public static CustomPluginSet Empty { get; } = new([], []);
}
