using System.Text.Json.Nodes;

namespace HybridGateway.Shared.Plugins.Custom;

/// <summary>
/// A custom plugin's manifest, as uploaded to the control plane (<c>POST /custom-plugins</c>) once
/// <see cref="CustomPluginUpload.Validate"/> accepted it: what the plugin is called, its version and priority, the
/// phases its code runs in on the data planes, and the JSON Schema every instance's <c>config</c> must satisfy.
/// </summary>
public sealed record CustomPluginManifest
{
    /// <summary>Lower-case letters, digits and dashes, starting with a letter; never a bundled plugin's name. This field is required.</summary>
    public required string Name { get; init; }

    /// <summary>Semantic version (<c>1.2.0</c>, <c>2.0.0-beta.1</c>). This field is required.</summary>
    public required string Version { get; init; }

    /// <summary>Higher runs first, on Kong's scale. This field is required.</summary>
    public required int Priority { get; init; }

    /// <summary>A non-empty subset of <see cref="CustomPluginUpload.Phases"/>. This field is required.</summary>
    public required IReadOnlyList<string> Phases { get; init; }

    public string? Description { get; init; }

    /// <summary>The JSON Schema (draft 7 or 2020-12) of an instance's <c>config</c>; an object at the root. This field is required.</summary>
    public required JsonObject Schema { get; init; }

    /// <summary>The plugin as the catalog knows it: instances are validated against <see cref="Schema"/>.</summary>
    public PluginDefinition ToDefinition()
    {
        var schema = new CustomPluginConfigSchema(this);
        return new PluginDefinition
        {
            Name = Name,
            Version = Version,
            Priority = Priority,
            Description = Description,
            ConfigSchema = schema.Fields,
            JsonSchemaConfig = schema,
        };
    }
}
