using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using HybridGateway.Shared.Validation;
using NJsonSchema;

namespace HybridGateway.Shared.Plugins.Custom;

/// <summary>
/// Checks a custom plugin upload before anything is stored, and reports every problem at once, each under the field it
/// concerns (Kong's error shape): the manifest's fields, then the JSON Schema itself — its size and depth, its dialect,
/// that it refers to nothing outside itself, that its root describes an object, that it is structurally a JSON Schema
/// (checked against the draft-7 metaschema's rules, which 2020-12's keywords also satisfy) and that it compiles.
/// </summary>
public static partial class CustomPluginUpload
{
    /// <summary>The largest schema accepted, as compact JSON.</summary>
    public const int MaxSchemaBytes = 64 * 1024;

    /// <summary>The deepest nesting of objects and arrays accepted in a schema.</summary>
    public const int MaxSchemaDepth = 32;

    public const int MaxNameLength = 64;

    public const int MaxDescriptionLength = 1024;

    /// <summary>The phases a plugin's code may run in on the data plane.</summary>
    public static readonly IReadOnlyList<string> Phases = ["access", "response", "log"];

    /// <summary>The JSON Schema dialects accepted in <c>$schema</c> (absent means draft 7).</summary>
    public static readonly IReadOnlyList<string> Dialects =
    [
        "http://json-schema.org/draft-07/schema#",
        "http://json-schema.org/draft-07/schema",
        "https://json-schema.org/draft/2020-12/schema",
    ];

    private static readonly HashSet<string> Fields = ["name", "version", "priority", "phases", "description", "schema"];

    // The keywords that point at another schema; only document-local ones ("#…") are accepted.
    private static readonly string[] ReferenceKeywords = ["$ref", "$dynamicRef", "$recursiveRef"];

    private static readonly Lazy<JsonSchema> SchemaRules = new(LoadSchemaRules);

    // Keyed by the schema object itself, so an entry goes with it; schemas are not changed once validated.
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<JsonObject, JsonSchema> Compiled = new();

    /// <summary>Validates <paramref name="upload"/>; returns the manifest, or null with every error in <paramref name="errors"/>.</summary>
    public static CustomPluginManifest? Validate(JsonObject upload, IPluginCatalog bundled, FieldErrors errors)
    {
        ArgumentNullException.ThrowIfNull(upload);
        ArgumentNullException.ThrowIfNull(bundled);
        ArgumentNullException.ThrowIfNull(errors);

        foreach (var (field, _) in upload)
        {
            if (!Fields.Contains(field))
            {
                errors.Add(field, "unknown field");
            }
        }

        var name = RequiredString(upload, "name", errors);
        if (name is not null)
        {
            if (!IsValidName(name))
            {
                errors.Add("name", $"must match ^[a-z][a-z0-9-]*$ and be at most {MaxNameLength} characters");
            }
            else if (bundled.TryGet(name, out _))
            {
                errors.Add("name", $"'{name}' is the name of a bundled plugin");
            }
        }

        var version = RequiredString(upload, "version", errors);
        if (version is not null && !IsValidVersion(version))
        {
            errors.Add("version", "must be a semantic version such as 1.0.0");
        }

        int? priority = null;
        if (upload["priority"] is null)
        {
            errors.Add("priority", "required field missing");
        }
        else if (upload["priority"] is JsonValue p && p.GetValueKind() == JsonValueKind.Number
            && int.TryParse(p.ToJsonString(), System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var value)
            && value is >= -1_000_000 and <= 1_000_000)
        {
            priority = value;
        }
        else
        {
            errors.Add("priority", "expected an integer between -1000000 and 1000000");
        }

        var phases = ReadPhases(upload, errors);

        string? description = null;
        if (upload["description"] is { } d)
        {
            if (d.GetValueKind() != JsonValueKind.String || d.GetValue<string>().Length > MaxDescriptionLength)
            {
                errors.Add("description", $"expected a string of at most {MaxDescriptionLength} characters");
            }
            else
            {
                description = d.GetValue<string>();
            }
        }

        var schema = CheckSchema(upload["schema"], errors);
        if (errors.HasErrors || name is null || version is null || priority is null || phases is null || schema is null)
        {
            return null;
        }

        return new CustomPluginManifest
        {
            Name = name,
            Version = version,
            Priority = priority.Value,
            Phases = phases,
            Description = description,
            Schema = schema,
        };
    }

    /// <summary>
    /// Parses a schema that passed <see cref="Validate"/> (never fetching anything: it refers to nothing outside itself).
    /// The result is remembered for that schema object, so the manifest <see cref="Validate"/> returns is not compiled
    /// again when it becomes a plugin definition.
    /// </summary>
    internal static JsonSchema Compile(JsonObject schema) =>
        // NJsonSchema's API is asynchronous only because references may be fetched; ours are all local, so this
        // completes without waiting on anything.
        Compiled.GetValue(schema, s => JsonSchema.FromJsonAsync(s.ToJsonString()).GetAwaiter().GetResult());

    private static string? RequiredString(JsonObject upload, string field, FieldErrors errors)
    {
        switch (upload[field])
        {
            case null:
                errors.Add(field, "required field missing");
                return null;
            case JsonValue v when v.GetValueKind() == JsonValueKind.String:
                return v.GetValue<string>();
            default:
                errors.Add(field, "expected a string");
                return null;
        }
    }

    private static List<string>? ReadPhases(JsonObject upload, FieldErrors errors)
    {
        if (upload["phases"] is null)
        {
            errors.Add("phases", "required field missing");
            return null;
        }

        if (upload["phases"] is not JsonArray array || array.Count == 0)
        {
            errors.Add("phases", $"expected a non-empty array of: {string.Join(", ", Phases)}");
            return null;
        }

        var phases = new List<string>();
        for (var i = 0; i < array.Count; i++)
        {
            if (array[i] is JsonValue v && v.GetValueKind() == JsonValueKind.String && Phases.Contains(v.GetValue<string>(), StringComparer.Ordinal))
            {
                if (phases.Contains(v.GetValue<string>(), StringComparer.Ordinal))
                {
                    errors.Add($"phases.{i + 1}", "duplicate phase");
                }

                phases.Add(v.GetValue<string>());
            }
            else
            {
                errors.Add($"phases.{i + 1}", $"expected one of: {string.Join(", ", Phases)}");
            }
        }

        return phases;
    }

    private static JsonObject? CheckSchema(JsonNode? node, FieldErrors errors)
    {
        if (node is null)
        {
            errors.Add("schema", "required field missing");
            return null;
        }

        if (node is not JsonObject schema)
        {
            errors.Add("schema", "expected a JSON Schema object");
            return null;
        }

        // Size and depth first: nothing else walks a schema that is too big or too deep.
        var text = schema.ToJsonString();
        if (System.Text.Encoding.UTF8.GetByteCount(text) > MaxSchemaBytes)
        {
            errors.Add("schema", $"is larger than {MaxSchemaBytes} bytes");
            return null;
        }

        if (Depth(schema) > MaxSchemaDepth)
        {
            errors.Add("schema", $"is nested deeper than {MaxSchemaDepth} levels");
            return null;
        }

        var before = errors.Fields.Count + errors.Entity.Count;
        if (schema["$schema"] is { } dialect
            && !(dialect.GetValueKind() == JsonValueKind.String && Dialects.Contains(dialect.GetValue<string>(), StringComparer.Ordinal)))
        {
            errors.Add("schema.$schema", $"expected one of: {string.Join(", ", Dialects)}");
        }

        if (schema["type"] is not JsonValue type || type.GetValueKind() != JsonValueKind.String || type.GetValue<string>() != "object")
        {
            errors.Add("schema.type", "the root of a config schema must be \"type\": \"object\"");
        }

        CheckReferences(schema, schema, "schema", errors);
        foreach (var problem in SchemaRules.Value.Validate(text).SelectMany(Leaves))
        {
            errors.Add(PathOf("schema", problem), $"not a valid JSON Schema: {Describe(problem)}");
        }

        if (errors.Fields.Count + errors.Entity.Count > before)
        {
            return null;
        }

        try
        {
            _ = Compile(schema);
        }
        catch (Exception ex) when (ex is JsonException or Newtonsoft.Json.JsonException or InvalidOperationException or NotSupportedException or ArgumentException)
        {
            errors.Add("schema", $"cannot be compiled: {ex.Message}");
            return null;
        }

        return schema;
    }

    /// <summary>
    /// Every reference must stay inside the document ("#", "#/$defs/x", "#anchor"), and following references must reach
    /// a real schema: a chain of schemas that are nothing but references back to each other would loop forever.
    /// </summary>
    private static void CheckReferences(JsonNode node, JsonObject root, string path, FieldErrors errors)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var keyword in ReferenceKeywords)
                {
                    if (obj[keyword] is not { } reference)
                    {
                        continue;
                    }

                    var at = $"{path}.{keyword}";
                    if (reference.GetValueKind() != JsonValueKind.String || !reference.GetValue<string>().StartsWith('#'))
                    {
                        errors.Add(at, "only references inside the schema (starting with '#') are allowed: nothing is fetched from files or the network");
                    }
                    else if (keyword == "$ref" && RefCycle(root, obj) is { } cycle)
                    {
                        errors.Add(at, $"references loop without reaching a schema: {cycle}");
                    }
                }

                foreach (var (key, child) in obj)
                {
                    if (child is not null && key is not ("enum" or "const" or "default" or "examples"))
                    {
                        CheckReferences(child, root, $"{path}.{key}", errors);
                    }
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    if (array[i] is { } item)
                    {
                        CheckReferences(item, root, $"{path}.{i + 1}", errors);
                    }
                }

                break;
        }
    }

    // Follows a schema made only of "$ref" (draft 7 ignores anything beside it) through the document.
    private static string? RefCycle(JsonObject root, JsonObject start)
    {
        var seen = new List<string>();
        JsonNode? current = start;
        while (current is JsonObject obj && obj.Count == 1 && obj["$ref"] is JsonValue r && r.GetValueKind() == JsonValueKind.String)
        {
            var pointer = r.GetValue<string>();
            if (seen.Contains(pointer, StringComparer.Ordinal))
            {
                return string.Join(" → ", seen.Append(pointer));
            }

            seen.Add(pointer);
            current = LocalReference.Resolve(root, pointer);
        }

        return null;
    }

    private static int Depth(JsonNode? node) => node switch
    {
        JsonObject obj => 1 + obj.Select(p => Depth(p.Value)).DefaultIfEmpty(0).Max(),
        JsonArray array => 1 + array.Select(Depth).DefaultIfEmpty(0).Max(),
        _ => 0,
    };

    /// <summary>A validation error's location as a dotted field path under <paramref name="prefix"/> (<c>config.a.b</c>).</summary>
    internal static string PathOf(string prefix, NJsonSchema.Validation.ValidationError error)
    {
        var path = (error.Path ?? "#").TrimStart('#').TrimStart('/', '.').Replace('/', '.');
        return path.Length == 0 ? prefix : $"{prefix}.{path}";
    }

    /// <summary>A validation error in words (NJsonSchema names its kinds in PascalCase: <c>StringTooLong</c> → "string too long").</summary>
    internal static string Describe(NJsonSchema.Validation.ValidationError error) =>
        KindWords().Replace(error.Kind.ToString(), " $1").Trim().ToLowerInvariant();

    /// <summary>The errors that say what is wrong where: an error about a sub-schema is replaced by the errors inside it.</summary>
    internal static IEnumerable<NJsonSchema.Validation.ValidationError> Leaves(NJsonSchema.Validation.ValidationError error) =>
        error is NJsonSchema.Validation.ChildSchemaValidationError child && child.Errors.Values.Any(e => e.Count > 0)
            ? child.Errors.Values.SelectMany(e => e).SelectMany(Leaves)
            : [error];

    /// <summary>True when <paramref name="name"/> may name a custom plugin (lower-case letters, digits, dashes; length limit).</summary>
    public static bool IsValidName(string name) => name.Length <= MaxNameLength && NamePattern().IsMatch(name);

    /// <summary>True when <paramref name="version"/> is a semantic version (<c>1.2.0</c>, <c>2.0.0-beta.1</c>).</summary>
    public static bool IsValidVersion(string version) => SemanticVersion().IsMatch(version);

    private static JsonSchema LoadSchemaRules()
    {
        using var stream = typeof(CustomPluginUpload).Assembly.GetManifestResourceStream("HybridGateway.Shared.Plugins.Custom.SchemaRules.json")
            ?? throw new InvalidOperationException("the embedded JSON Schema rules are missing");
        using var reader = new StreamReader(stream);
        return JsonSchema.FromJsonAsync(reader.ReadToEnd()).GetAwaiter().GetResult();
    }

    [GeneratedRegex("^[a-z][a-z0-9-]*$")]
    private static partial Regex NamePattern();

    // The pattern the Semantic Versioning 2.0.0 specification recommends.
    [GeneratedRegex(@"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$")]
    private static partial Regex SemanticVersion();

    [GeneratedRegex("(?<!^)([A-Z])")]
    private static partial Regex KindWords();
}
