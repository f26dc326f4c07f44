namespace HybridGateway.Shared.Contracts;

/// <summary>A custom plugin assembly (or a type in it) a data plane skipped at start-up, and why.</summary>
public sealed record PluginLoadError(string Path, string Message);
