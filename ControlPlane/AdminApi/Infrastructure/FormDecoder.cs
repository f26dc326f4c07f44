using System.Globalization;
using System.Text.Json.Nodes;

namespace HybridGateway.ControlPlane.AdminApi.Infrastructure;

/// <summary>
/// Builds a JSON object from form fields the way Kong's Admin API does: dotted keys nest
/// (<c>config.status_code=403</c>), <c>x[]=a</c> and repeated keys make arrays, <c>x[1]=a</c> places by index.
/// Values stay strings; <see cref="HybridGateway.Shared.Validation.SchemaProcessor.CoerceFormInput"/> types them.
/// </summary>
internal static class FormDecoder
{
    public static JsonObject Decode(IEnumerable<KeyValuePair<string, string>> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var collected = new Dictionary<string, Collected>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var (rawKey, value) in fields)
        {
            var key = rawKey;
            var isArray = false;
            int? index = null;
            if (key.EndsWith("[]", StringComparison.Ordinal))
            {
                key = key[..^2];
                isArray = true;
            }
            else if (key.EndsWith(']') && key.LastIndexOf('[') is var open and > 0
                && int.TryParse(key.AsSpan(open + 1, key.Length - open - 2), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
            {
                key = key[..open];
                isArray = true;
                index = parsed;
            }

            if (key.Length == 0)
            {
                continue;
            }

            if (!collected.TryGetValue(key, out var entry))
            {
                entry = new Collected();
                collected[key] = entry;
                order.Add(key);
            }

            entry.IsArray |= isArray;
            entry.Values.Add((index, value));
        }

        var root = new JsonObject();
        foreach (var key in order)
        {
            var entry = collected[key];
            JsonNode? node = entry.IsArray || entry.Values.Count > 1
                ? new JsonArray([.. entry.Values
                    .Select((v, position) => (v.Index ?? int.MaxValue, position, v.Value))
                    .OrderBy(v => v.Item1).ThenBy(v => v.position)
                    .Select(v => (JsonNode?)JsonValue.Create(v.Value))])
                : JsonValue.Create(entry.Values[0].Value);
            Set(root, key.Split('.'), node);
        }

        return root;
    }

    private static void Set(JsonObject root, string[] path, JsonNode? value)
    {
        var node = root;
        for (var i = 0; i < path.Length - 1; i++)
        {
            if (node[path[i]] is not JsonObject child)
            {
                child = new JsonObject();
                node[path[i]] = child;
            }

            node = child;
        }

        node[path[^1]] = value;
    }

    private sealed class Collected
    {
        public bool IsArray { get; set; }

        public List<(int? Index, string Value)> Values { get; } = [];
    }
}
