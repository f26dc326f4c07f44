using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace HybridGateway.Shared.Validation;

/// <summary>
/// Runs a <see cref="Schema"/> over input, the way Kong's schema library does: shorthands, then defaults,
/// then every field rule, then entity checks. All errors are collected; nothing short-circuits.
/// </summary>
public static class SchemaProcessor
{
    /// <summary>
    /// Turns form-encoded input (strings, arrays of strings, objects from dotted keys) into typed JSON following
    /// the schema: numbers, booleans, one value into a one-element array, and <c>""</c> into null.
    /// Values that do not convert are left alone so validation reports them against their field.
    /// </summary>
    public static JsonObject CoerceFormInput(Schema schema, JsonObject input)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(input);
        var output = new JsonObject();
        foreach (var (name, value) in input)
        {
            output[name] = schema.FieldsByName.TryGetValue(name, out var field)
                ? CoerceValue(field, value)
                : value?.DeepClone();
        }

        return output;
    }

    /// <summary>Validates <paramref name="input"/> and returns the processed entity with every field present.</summary>
    public static ProcessResult Process(Schema schema, JsonObject input)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(input);
        var errors = new FieldErrors();
        var entity = ProcessRecord(schema, (JsonObject)input.DeepClone(), errors, prefix: null);
        return new ProcessResult(entity, errors);
    }

    private static JsonObject ProcessRecord(Schema schema, JsonObject input, FieldErrors errors, string? prefix)
    {
        foreach (var shorthand in schema.Shorthands)
        {
            var shorthandErrors = new FieldErrors();
            shorthand(input, shorthandErrors);
            Merge(errors, shorthandErrors, prefix);
        }

        var output = new JsonObject();
        foreach (var (name, _) in input)
        {
            if (!schema.FieldsByName.ContainsKey(name))
            {
                errors.Add(Path(prefix, name), "unknown field");
            }
        }

        var fieldErrors = new FieldErrors();
        foreach (var field in schema.Fields)
        {
            var present = input.TryGetPropertyValue(field.Name, out var value);
            if (!present)
            {
                value = DefaultFor(field);
            }
            else
            {
                value = value?.DeepClone();
            }

            output[field.Name] = ProcessValue(field, value, fieldErrors, field.Name);
        }

        // Entity checks see the whole processed entity; they skip fields that already failed.
        foreach (var check in schema.Checks)
        {
            check(output, fieldErrors);
        }

        Merge(errors, fieldErrors, prefix);
        return output;
    }

    private static JsonNode? DefaultFor(FieldSchema field)
    {
        if (field.Default is not null)
        {
            return field.Default.DeepClone();
        }

        // A required record is created empty so its own defaults apply (Kong's plugin `config`).
        return field.Type == FieldType.Record && field.Required ? new JsonObject() : null;
    }

    private static JsonNode? ProcessValue(FieldSchema field, JsonNode? value, FieldErrors errors, string path)
    {
        if (field.MustBeNull)
        {
            if (value is not null)
            {
                errors.Add(path, "value must be null");
            }

            return null;
        }

        if (value is null)
        {
            if (field.Required && !field.Auto)
            {
                errors.Add(path, "required field missing");
            }

            return null;
        }

        var typeError = TypeError(field, value);
        if (typeError is not null)
        {
            errors.Add(path, typeError);
            return value;
        }

        switch (field.Type)
        {
            case FieldType.Record:
                {
                    var recordErrors = new FieldErrors();
                    var processed = ProcessRecord(field.Record!, value.AsObject(), recordErrors, prefix: null);
                    errors.AddNested(path, recordErrors);
                    return processed;
                }

            case FieldType.Array:
            case FieldType.Set:
                return ProcessList(field, value.AsArray(), errors, path);

            case FieldType.Map:
                return ProcessMap(field, value.AsObject(), errors, path);

            case FieldType.Foreign:
                return ProcessForeign(value.AsObject(), errors, path);

            default:
                var error = RuleError(field, value);
                if (error is not null)
                {
                    errors.Add(path, error);
                }

                return value;
        }
    }

    private static JsonArray ProcessList(FieldSchema field, JsonArray items, FieldErrors errors, string path)
    {
        var output = new JsonArray();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var index = 0;
        foreach (var item in items)
        {
            index++;
            if (field.Type == FieldType.Set && !seen.Add(item?.ToJsonString() ?? "null"))
            {
                // Kong's sets drop duplicates silently.
                continue;
            }

            var element = field.Elements ?? new FieldSchema { Name = field.Name, Type = FieldType.Any };
            var itemPath = $"{path}.{index}";
            if (item is null)
            {
                errors.Add(itemPath, "required field missing");
                continue;
            }

            output.Add(ProcessValue(element with { Required = true }, item.DeepClone(), errors, itemPath));
        }

        var countError = LengthError(field, output.Count);
        if (countError is not null)
        {
            errors.Add(path, countError);
        }

        return output;
    }

    private static JsonObject ProcessMap(FieldSchema field, JsonObject map, FieldErrors errors, string path)
    {
        var output = new JsonObject();
        foreach (var (key, item) in map)
        {
            if (field.Keys is { } keys && RuleError(keys, JsonValue.Create(key)) is { } keyError)
            {
                errors.Add($"{path}.{key}", keyError);
            }

            var values = field.Values ?? new FieldSchema { Name = key, Type = FieldType.Any };
            output[key] = ProcessValue(values with { Required = true }, item?.DeepClone(), errors, $"{path}.{key}");
        }

        return output;
    }

    private static JsonObject ProcessForeign(JsonObject reference, FieldErrors errors, string path)
    {
        // Kong renders a foreign key as {"id": …}; it accepts only the primary key here.
        var output = new JsonObject();
        foreach (var (key, value) in reference)
        {
            if (key != "id")
            {
                errors.Add($"{path}.{key}", "unknown field");
                continue;
            }

            if (value is JsonValue v && v.TryGetValue<string>(out var text) && Guid.TryParse(text, out var id))
            {
                output["id"] = id.ToString();
            }
            else
            {
                errors.Add($"{path}.id", "expected a valid UUID");
            }
        }

        if (!reference.ContainsKey("id"))
        {
            errors.Add($"{path}.id", "required field missing");
        }

        return output;
    }

    private static string? TypeError(FieldSchema field, JsonNode value)
    {
        var kind = value.GetValueKind();
        return field.Type switch
        {
            FieldType.String when kind != JsonValueKind.String => "expected a string",
            FieldType.Integer when !IsInteger(value) => "expected an integer",
            FieldType.Number when kind != JsonValueKind.Number => "expected a number",
            FieldType.Boolean when kind is not (JsonValueKind.True or JsonValueKind.False) => "expected a boolean",
            FieldType.Array when kind != JsonValueKind.Array => "expected an array",
            FieldType.Set when kind != JsonValueKind.Array => "expected a set",
            FieldType.Map when kind != JsonValueKind.Object => "expected a map",
            FieldType.Record when kind != JsonValueKind.Object => "expected a record",
            FieldType.Foreign when kind != JsonValueKind.Object => "expected a record",
            _ => null,
        };
    }

    private static bool IsInteger(JsonNode value) =>
        value.GetValueKind() == JsonValueKind.Number && NumberOf(value) is var number && Math.Floor(number) == number;

    // Values built in code (JsonValue<int>) and parsed ones (JsonElement) both read reliably through their JSON text.
    private static double NumberOf(JsonNode value) =>
        double.Parse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture);

    private static string? RuleError(FieldSchema field, JsonNode value)
    {
        if (field.OneOf is { } allowed)
        {
            var text = value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : value.ToJsonString();
            if (!allowed.Contains(text, StringComparer.Ordinal))
            {
                return $"expected one of: {string.Join(", ", allowed)}";
            }
        }

        if (field.Type is FieldType.Integer or FieldType.Number)
        {
            var number = NumberOf(value);
            if (field.Between is var (min, max) && (number < min || number > max))
            {
                return $"value should be between {Format(min)} and {Format(max)}";
            }
        }

        if (field.Type == FieldType.String)
        {
            var text = value.GetValue<string>();
            if (LengthError(field, text.Length) is { } lengthError)
            {
                return lengthError;
            }

            if (field.StartsWith is { } start && !text.StartsWith(start, StringComparison.Ordinal))
            {
                return $"should start with: {start}";
            }

            if (field.Match is { } pattern && !pattern.IsMatch(text))
            {
                return $"invalid value: {text}";
            }
        }

        return field.Custom?.Invoke(value);
    }

    private static string? LengthError(FieldSchema field, int length)
    {
        if (field.LenMin is { } min && length < min)
        {
            return field.Type == FieldType.String ? $"length must be at least {min}" : $"length must be at least {min}";
        }

        if (field.LenMax is { } max && length > max)
        {
            return $"length must be at most {max}";
        }

        return null;
    }

    private static JsonNode? CoerceValue(FieldSchema field, JsonNode? value)
    {
        if (value is JsonValue scalar && scalar.TryGetValue<string>(out var text))
        {
            if (text.Length == 0)
            {
                return null;
            }

            switch (field.Type)
            {
                case FieldType.Integer or FieldType.Number
                    when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number):
                    return field.Type == FieldType.Integer && number == Math.Floor(number) && Math.Abs(number) < 1e15
                        ? JsonValue.Create((long)number)
                        : JsonValue.Create(number);
                case FieldType.Boolean when text is "true" or "false":
                    return JsonValue.Create(text == "true");
                case FieldType.Array or FieldType.Set:
                    return new JsonArray(CoerceElement(field, scalar));
                default:
                    return scalar.DeepClone();
            }
        }

        switch (value)
        {
            case JsonArray array when field.Type is FieldType.Array or FieldType.Set:
                return new JsonArray([.. array.Select(item => CoerceElement(field, item))]);
            case JsonObject map when field.Type == FieldType.Map:
                {
                    var output = new JsonObject();
                    foreach (var (key, item) in map)
                    {
                        output[key] = field.Values is { } values ? CoerceValue(values, item) : item?.DeepClone();
                    }

                    return output;
                }

            case JsonObject record when field.Type == FieldType.Record && field.Record is { } schema:
                return CoerceFormInput(schema, record);
            case JsonObject array when field.Type is FieldType.Array or FieldType.Set && IsIndexed(array):
                // x[1]=a&x[2]=b arrives as {"1":"a","2":"b"}.
                return new JsonArray([.. array.OrderBy(p => int.Parse(p.Key, CultureInfo.InvariantCulture)).Select(p => CoerceElement(field, p.Value))]);
            default:
                return value?.DeepClone();
        }
    }

    private static JsonNode? CoerceElement(FieldSchema field, JsonNode? item) =>
        field.Elements is { } elements ? CoerceValue(elements, item) : item?.DeepClone();

    private static bool IsIndexed(JsonObject value) =>
        value.Count > 0 && value.All(p => int.TryParse(p.Key, NumberStyles.None, CultureInfo.InvariantCulture, out _));

    private static void Merge(FieldErrors target, FieldErrors source, string? prefix)
    {
        if (prefix is null)
        {
            target.AddAll(source);
        }
        else
        {
            target.AddNested(prefix, source);
        }
    }

    private static string Path(string? prefix, string name) => prefix is null ? name : $"{prefix}.{name}";

    private static string Format(double value) => value.ToString("0.##########", CultureInfo.InvariantCulture);
}
