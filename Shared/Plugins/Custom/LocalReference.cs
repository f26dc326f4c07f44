using System.Globalization;
using System.Text.Json.Nodes;

namespace HybridGateway.Shared.Plugins.Custom;

/// <summary>Resolves a document-local JSON Schema reference (<c>#</c>, <c>#/$defs/name</c>: RFC 6901 pointers) in a schema.</summary>
internal static class LocalReference
{
    public static JsonNode? Resolve(JsonObject root, string reference)
    {
        if (reference == "#")
        {
            return root;
        }

        if (!reference.StartsWith("#/", StringComparison.Ordinal))
        {
            return null;
        }

        JsonNode? node = root;
        foreach (var raw in reference[2..].Split('/'))
        {
            var token = Uri.UnescapeDataString(raw).Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            node = node switch
            {
                JsonObject o => o[token],
                JsonArray a when int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < a.Count => a[i],
                _ => null,
            };
        }

        return node;
    }
}
