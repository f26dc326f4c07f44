namespace HybridGateway.Shared.Contracts;

/// <summary>A plugin a data plane carries.</summary>
public sealed record PluginInfo(string Name, string Version);
