namespace HybridGateway.Shared.Contracts;

/// <summary>
/// A plugin a config version uses. <see cref="Version"/> is the uploaded manifest's version for a custom plugin (a node
/// must carry the same major version) and null for a bundled plugin (any version the node carries will do).
/// </summary>
public sealed record PluginRequirement(string Name, string? Version);
