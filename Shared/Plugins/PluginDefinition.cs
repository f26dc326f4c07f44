using System.Text.Json.Nodes;
using HybridGateway.Shared.Validation;

namespace HybridGateway.Shared.Plugins;

/// <summary>
/// What the control plane knows of a plugin: its name, version, priority, where it may be scoped and the schema
/// of its <c>config</c>. The data plane's handler for the same name does the request-time work.
/// </summary>
public sealed record PluginDefinition
{
    /// <summary>This field is required.</summary>
    public required string Name { get; init; }

    /// <summary>Semantic version. This field is required.</summary>
    public required string Version { get; init; }

    /// <summary>Higher runs first (Kong's numbers). This field is required.</summary>
    public required int Priority { get; init; }

    /// <summary>The schema of the plugin's <c>config</c> record (for a custom plugin, its JSON Schema's fields as read for forms: <see cref="JsonSchemaConfig"/> validates). This field is required.</summary>
    public required Schema ConfigSchema { get; init; }

    /// <summary>
    /// A custom plugin's uploaded JSON Schema, which validates instance configs (and fills their defaults) in place of
    /// <see cref="ConfigSchema"/>. Null for bundled plugins.
    /// </summary>
    public Custom.CustomPluginConfigSchema? JsonSchemaConfig { get; init; }

    /// <summary>Kong's <c>no_consumer</c>: the plugin cannot be scoped to a consumer.</summary>
    public bool NoConsumer { get; init; }

    public bool NoService { get; init; }

    public bool NoRoute { get; init; }

    /// <summary>Protocols the plugin accepts, and the default of an instance's <c>protocols</c>.</summary>
    public IReadOnlyList<string> Protocols { get; init; } = ["grpc", "grpcs", "http", "https"];

    public string? Description { get; init; }

    /// <summary>
    /// Checks over the whole plugin entity (its <c>config</c> processed, defaults filled), run only when the config
    /// itself is valid. Kong declares these on the plugin schema, so their errors name <c>config.…</c> paths and
    /// land in the top-level <c>@entity</c>.
    /// </summary>
    public IReadOnlyList<EntityCheck> EntityChecks { get; init; } = [];

    /// <summary>
    /// Config fields holding ids of other entities (mtls-auth's <c>ca_certificates</c>): each id must exist when the
    /// plugin is written, and an entity a plugin names cannot be deleted.
    /// </summary>
    public IReadOnlyList<ConfigReference> References { get; init; } = [];
}

/// <summary>A config field (an array of ids, or one id) that names entities of <paramref name="Entity"/>.</summary>
public sealed record ConfigReference(string Field, string Entity)
{
    /// <summary>The ids the field holds in a plugin's <c>config</c> (strings only; the schema checked their shape).</summary>
    public IEnumerable<string> IdsIn(JsonNode? config) =>
        config?[Field] switch
        {
            JsonArray array => array.OfType<JsonValue>().Select(v => v.TryGetValue<string>(out var s) ? s : null).OfType<string>(),
            JsonValue value when value.TryGetValue<string>(out var s) => [s],
            _ => [],
        };
}
