using System.Text.Json;
using System.Text.Json.Nodes;
using HybridGateway.Shared.Validation;

namespace HybridGateway.Shared.Plugins.Custom;

/// <summary>
/// The <c>custom_plugins</c> entity (Admin API <c>/custom-plugins</c>): a stored <see cref="CustomPluginManifest"/>,
/// named by its <c>name</c>. The fields give their types (form input, the console); the rules are
/// <see cref="CustomPluginUpload.Validate"/>'s, run as the entity check.
/// </summary>
public static class CustomPluginsSchema
{
    public const string Entity = "custom_plugins";

    public const string AdminApiName = "custom-plugins";

    public static Schema Schema { get; } = new(
        Entity,
        [
            Typedefs.Id(),
            Typedefs.Timestamp("created_at"),
            Typedefs.Timestamp("updated_at"),
            new FieldSchema { Name = "name", Type = FieldType.String, Unique = true, Description = "Lower-case letters, digits and dashes; not a bundled plugin's name." },
            new FieldSchema { Name = "version", Type = FieldType.String, Description = "Semantic version of the plugin." },
            new FieldSchema { Name = "priority", Type = FieldType.Integer, Description = "Higher runs first, on Kong's scale." },
            new FieldSchema
            {
                Name = "phases",
                Type = FieldType.Array,
                Elements = new FieldSchema { Name = "phase", Type = FieldType.String },
                Description = $"Where its code runs on the data planes: some of {string.Join(", ", CustomPluginUpload.Phases)}.",
            },
            new FieldSchema { Name = "description", Type = FieldType.String },
            new FieldSchema { Name = "schema", Type = FieldType.Any, Description = "JSON Schema (draft 7 or 2020-12) of an instance's config; an object at the root." },
            Typedefs.Tags(),
        ],
        [CheckManifest],
        [ManifestFromFile, SchemaFromText])
    {
        EndpointKey = "name",
    };

    private static void CheckManifest(JsonObject entity, FieldErrors errors)
    {
        var upload = new JsonObject();
        foreach (var field in new[] { "name", "version", "priority", "phases", "description", "schema" })
        {
            if (entity[field] is { } value)
            {
                upload[field] = value.DeepClone();
            }
        }

        CustomPluginUpload.Validate(upload, BundledPlugins.Catalog, errors);
    }

    // The whole manifest uploaded as one file (-F manifest=@manifest.json): its fields, as if sent one by one.
    private static void ManifestFromFile(JsonObject input, FieldErrors errors)
    {
        if (!input.TryGetPropertyValue("manifest", out var manifest))
        {
            return;
        }

        input.Remove("manifest");
        JsonObject? fields = null;
        try
        {
            fields = manifest is JsonValue text && text.GetValueKind() == JsonValueKind.String
                ? JsonNode.Parse(text.GetValue<string>(), documentOptions: new JsonDocumentOptions { MaxDepth = CustomPluginUpload.MaxSchemaDepth + 4 }) as JsonObject
                : manifest as JsonObject;
        }
        catch (JsonException ex)
        {
            errors.Add("manifest", $"not valid JSON: {ex.Message}");
            return;
        }

        if (fields is null)
        {
            errors.Add("manifest", "expected a JSON object");
            return;
        }

        foreach (var (name, value) in fields)
        {
            input[name] ??= value?.DeepClone();
        }
    }

    // A schema uploaded as a file (-F schema=@schema.json) or a form field arrives as text.
    private static void SchemaFromText(JsonObject input, FieldErrors errors)
    {
        if (input["schema"] is JsonValue text && text.GetValueKind() == JsonValueKind.String)
        {
            try
            {
                input["schema"] = JsonNode.Parse(text.GetValue<string>(), documentOptions: new JsonDocumentOptions { MaxDepth = CustomPluginUpload.MaxSchemaDepth + 2 });
            }
            catch (JsonException ex)
            {
                errors.Add("schema", $"not valid JSON: {ex.Message}");
            }
        }
    }
}
