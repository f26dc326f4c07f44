using System.Text.Json.Nodes;
using HybridGateway.Shared.Validation;
using NJsonSchema;
using NJsonSchema.Validation;

namespace HybridGateway.Shared.Plugins.Custom;

/// <summary>
/// A custom plugin's config schema, compiled once per manifest. <see cref="Process"/> does for an instance's
/// <c>config</c> what <see cref="SchemaProcessor.Process"/> does for a bundled plugin's: fills the defaults the schema
/// declares, then validates, reporting every error under its field path in Kong's words where Kong has them.
/// </summary>
public sealed class CustomPluginConfigSchema
{
    private readonly JsonObject _document;
    private readonly JsonSchema _schema;

    public CustomPluginConfigSchema(CustomPluginManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        Manifest = manifest;
        _document = manifest.Schema;
        _schema = CustomPluginUpload.Compile(manifest.Schema);
        Fields = FieldsOf("config", manifest.Schema, depth: 0);
    }

    public CustomPluginManifest Manifest { get; }

    /// <summary>
    /// The schema's properties as the field list the rest of the gateway reads (form input coercion, <c>/schemas</c>):
    /// names, types, defaults, required. Validation itself is always the JSON Schema's (<see cref="Process"/>).
    /// </summary>
    public Schema Fields { get; }

    public ProcessResult Process(JsonObject config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var filled = (JsonObject)config.DeepClone();
        FillDefaults(_document, filled, depth: 0);
        var errors = new FieldErrors();
        foreach (var error in _schema.Validate(filled.ToJsonString()).SelectMany(CustomPluginUpload.Leaves))
        {
            var path = CustomPluginUpload.PathOf(string.Empty, error).TrimStart('.');
            var message = error.Kind switch
            {
                ValidationErrorKind.PropertyRequired => "required field missing",
                ValidationErrorKind.NoAdditionalPropertiesAllowed => "unknown field",
                _ => CustomPluginUpload.Describe(error),
            };
            if (path.Length == 0)
            {
                errors.AddEntity(message);
            }
            else
            {
                errors.Add(path, message);
            }
        }

        return new ProcessResult(filled, errors);
    }

    // Absent properties get the schema's "default"; present objects are filled in turn. The upload limits bound the
    // depth, and the counter stops a schema that refers to itself ("$ref": "#") from being followed for ever.
    private void FillDefaults(JsonObject schema, JsonObject instance, int depth)
    {
        if (depth > CustomPluginUpload.MaxSchemaDepth || Resolve(schema)["properties"] is not JsonObject properties)
        {
            return;
        }

        foreach (var (name, node) in properties)
        {
            if (node is not JsonObject property)
            {
                continue;
            }

            var resolved = Resolve(property);
            if (!instance.ContainsKey(name))
            {
                if (resolved.TryGetPropertyValue("default", out var value))
                {
                    instance[name] = value?.DeepClone();
                }
            }
            else if (instance[name] is JsonObject child)
            {
                FillDefaults(resolved, child, depth + 1);
            }
        }
    }

    private Schema FieldsOf(string name, JsonObject schema, int depth)
    {
        var fields = new List<FieldSchema>();
        var resolved = Resolve(schema);
        var required = resolved["required"] is JsonArray list ? list.Select(r => r?.ToString()).ToHashSet(StringComparer.Ordinal) : [];
        if (depth <= CustomPluginUpload.MaxSchemaDepth && resolved["properties"] is JsonObject properties)
        {
            foreach (var (property, node) in properties)
            {
                if (node is JsonObject sub)
                {
                    fields.Add(FieldOf(property, sub, required.Contains(property), depth));
                }
            }
        }

        return new Schema(name, fields);
    }

    private FieldSchema FieldOf(string name, JsonObject schema, bool required, int depth)
    {
        var resolved = Resolve(schema);
        var type = (resolved["type"] as JsonValue)?.ToString() switch
        {
            "string" => FieldType.String,
            "integer" => FieldType.Integer,
            "number" => FieldType.Number,
            "boolean" => FieldType.Boolean,
            "array" => FieldType.Array,
            "object" when resolved["properties"] is JsonObject => FieldType.Record,
            "object" => FieldType.Map,
            _ => FieldType.Any,
        };
        return new FieldSchema
        {
            Name = name,
            Type = type,
            Required = required,
            Default = resolved["default"]?.DeepClone(),
            Description = (resolved["description"] as JsonValue)?.ToString(),
            Record = type == FieldType.Record ? FieldsOf(name, resolved, depth + 1) : null,
            Elements = type == FieldType.Array && resolved["items"] is JsonObject items ? FieldOf("element", items, required: false, depth + 1) : null,
        };
    }

    // A schema that is only a local reference stands for what it points at (uploads allow no other kind).
    private JsonObject Resolve(JsonObject schema)
    {
        for (var hops = 0; hops < 16 && schema["$ref"] is JsonValue reference && reference.TryGetValue<string>(out var pointer); hops++)
        {
            if (LocalReference.Resolve(_document, pointer) is not JsonObject target)
            {
                break;
            }

            schema = target;
        }

        return schema;
    }
}
