using System.Text.Json;

namespace HybridGateway.Shared.Snapshots;

/// <summary>
/// Writes JSON in a canonical form: object members sorted by ordinal name, no insignificant white space,
/// numbers and strings as System.Text.Json writes them. Equal documents give equal bytes, so they hash equally.
/// </summary>
public static class CanonicalJson
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Indented = false,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = false,
    };

    /// <summary>Serializes <paramref name="value"/> with <paramref name="options"/>, then canonicalizes it.</summary>
    public static byte[] Serialize<T>(T value, JsonSerializerOptions options)
    {
        using var document = JsonSerializer.SerializeToDocument(value, options);
        return Canonicalize(document.RootElement);
    }

    /// <summary>Returns the canonical bytes of an element.</summary>
    public static byte[] Canonicalize(JsonElement element)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            Write(writer, element);
        }

        return buffer.ToArray();
    }

    private static void Write(Utf8JsonWriter writer, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                foreach (var property in element.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal))
                {
                    writer.WritePropertyName(property.Name);
                    Write(writer, property.Value);
                }

                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in element.EnumerateArray())
                {
                    Write(writer, item);
                }

                writer.WriteEndArray();
                break;
            default:
                element.WriteTo(writer);
                break;
        }
    }
}
