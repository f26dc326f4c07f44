using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace HybridGateway.Shared.Declarative;

/// <summary>
/// Reads a YAML or JSON document into <see cref="JsonNode"/>s, remembering the line of every mapping so errors can
/// point into the file. Plain scalars follow the YAML 1.2 core schema (null, booleans, integers, floats).
/// Aliases are expanded with a node budget, so an alias bomb is refused instead of exhausting memory.
/// </summary>
internal sealed class YamlJson
{
    private const int MaxNodes = 2_000_000;
    private const int MaxDepth = 64;

    private readonly Dictionary<JsonNode, int> _lines = new(ReferenceEqualityComparer.Instance);
    private int _nodes;

    private YamlJson()
    {
    }

    /// <summary>The line of a mapping read from YAML, if known.</summary>
    public int? LineOf(JsonNode node) => _lines.TryGetValue(node, out var line) ? line : null;

    public static (JsonNode? Root, YamlJson Lines) Read(string text)
    {
        var reader = new YamlJson();
        var trimmed = text.AsSpan().TrimStart();
        if (trimmed.Length > 0 && trimmed[0] is '{' or '[')
        {
            try
            {
                return (JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { MaxDepth = MaxDepth }), reader);
            }
            catch (JsonException ex)
            {
                throw new DeclarativeFormatException($"invalid JSON: {ex.Message}", (int?)ex.LineNumber + 1, ex);
            }
        }

        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(text));
            if (stream.Documents.Count == 0)
            {
                return (null, reader);
            }

            if (stream.Documents.Count > 1)
            {
                throw new DeclarativeFormatException("expected a single YAML document");
            }

            return (reader.Convert(stream.Documents[0].RootNode, 0), reader);
        }
        catch (YamlException ex)
        {
            throw new DeclarativeFormatException($"invalid YAML: {ex.Message}", (int)ex.Start.Line, ex);
        }
    }

    private JsonNode? Convert(YamlNode node, int depth)
    {
        if (++_nodes > MaxNodes)
        {
            throw new DeclarativeFormatException($"the document expands to more than {MaxNodes} nodes (aliases?)");
        }

        if (depth > MaxDepth)
        {
            throw new DeclarativeFormatException($"the document is nested deeper than {MaxDepth} levels", (int)node.Start.Line);
        }

        switch (node)
        {
            case YamlMappingNode mapping:
                {
                    var obj = new JsonObject();
                    foreach (var (keyNode, valueNode) in mapping.Children)
                    {
                        if (keyNode is not YamlScalarNode { Value: { } key })
                        {
                            throw new DeclarativeFormatException("mapping keys must be strings", (int)keyNode.Start.Line);
                        }

                        if (obj.ContainsKey(key))
                        {
                            throw new DeclarativeFormatException($"duplicate key '{key}'", (int)keyNode.Start.Line);
                        }

                        obj[key] = Convert(valueNode, depth + 1);
                    }

                    _lines[obj] = (int)mapping.Start.Line;
                    return obj;
                }

            case YamlSequenceNode sequence:
                return new JsonArray([.. sequence.Children.Select(child => Convert(child, depth + 1))]);
            case YamlScalarNode scalar:
                return Scalar(scalar);
            default:
                throw new DeclarativeFormatException($"unsupported YAML node {node.NodeType}", (int)node.Start.Line);
        }
    }

    private static JsonNode? Scalar(YamlScalarNode scalar)
    {
        var value = scalar.Value ?? string.Empty;
        if (scalar.Style != YamlDotNet.Core.ScalarStyle.Plain)
        {
            return JsonValue.Create(value);
        }

        // YAML 1.2 core schema.
        switch (value)
        {
            case "" or "~" or "null" or "Null" or "NULL":
                return null;
            case "true" or "True" or "TRUE":
                return JsonValue.Create(true);
            case "false" or "False" or "FALSE":
                return JsonValue.Create(false);
        }

        if (long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
        {
            return JsonValue.Create(integer);
        }

        if ((value.Contains('.', StringComparison.Ordinal) || value.Contains('e', StringComparison.OrdinalIgnoreCase))
            && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
            && double.IsFinite(number))
        {
            return JsonValue.Create(number);
        }

        return JsonValue.Create(value);
    }
}
