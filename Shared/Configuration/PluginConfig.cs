using System.Text.Json;

namespace HybridGateway.Shared.Configuration;

/// <summary>A plugin instance: global, or scoped to a service, a route and/or a consumer.</summary>
public sealed record PluginConfig
{
    /// <summary>This field is required.</summary>
    public required Guid Id { get; init; }

    /// <summary>This field is required.</summary>
    public required string Name { get; init; }

    public string? InstanceName { get; init; }

    public long CreatedAt { get; init; }

    public long UpdatedAt { get; init; }

    public EntityRef? Route { get; init; }

    public EntityRef? Service { get; init; }

    public EntityRef? Consumer { get; init; }

    /// <summary>The plugin's config, already validated and with defaults filled by the plugin's schema.</summary>
    public required JsonElement Config { get; init; }

    public IReadOnlyList<string> Protocols { get; init; } = ["grpc", "grpcs", "http", "https"];

    public bool Enabled { get; init; } = true;

    public IReadOnlyList<string>? Tags { get; init; }
}
