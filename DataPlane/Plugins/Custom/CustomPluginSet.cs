using HybridGateway.Shared.Contracts;
using HybridGateway.Shared.Plugins.Sdk;

namespace HybridGateway.DataPlane.Plugins.Custom;

/// <summary>What start-up found in the plugins folder: the plugins to register and what was skipped.</summary>
internal sealed record CustomPluginSet(IReadOnlyList<IGatewayPlugin> Plugins, IReadOnlyList<PluginLoadError> Errors)
{
    public static CustomPluginSet Empty { get; } = new([], []);
}
