using System.Text.Json.Nodes;

namespace HybridGateway.Shared.Validation;

/// <summary>
/// Every error found while validating one entity, keyed by field path, in Kong's shape:
/// <c>{"config": {"status_code": "value should be between 100 and 599"}, "@entity": ["…"]}</c>.
/// Validation collects all errors; nothing short-circuits.
/// </summary>
public sealed class FieldErrors
{
    /// <summary>The key Kong uses for errors about the entity as a whole.</summary>
    public const string EntityKey = "@entity";

    private readonly SortedDictionary<string, string> _fields = new(StringComparer.Ordinal);
    private readonly List<string> _entity = [];
    private readonly SortedDictionary<string, List<string>> _nestedEntity = new(StringComparer.Ordinal);

    public bool HasErrors => _fields.Count > 0 || _entity.Count > 0 || _nestedEntity.Count > 0;

    /// <summary>Errors by dotted field path (<c>config.status_code</c>), sorted by path.</summary>
    public IReadOnlyDictionary<string, string> Fields => _fields;

    /// <summary>Errors about the entity as a whole, in the order found.</summary>
    public IReadOnlyList<string> Entity => _entity;

    /// <summary>Records an error for a field; the first error found for a path is kept.</summary>
    public void Add(string path, string message)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        _fields.TryAdd(path, message);
    }

    public void AddEntity(string message)
    {
        if (!_entity.Contains(message, StringComparer.Ordinal))
        {
            _entity.Add(message);
        }
    }

    /// <summary>Adds every error of <paramref name="other"/> as it is.</summary>
    public void AddAll(FieldErrors other)
    {
        ArgumentNullException.ThrowIfNull(other);
        foreach (var (path, message) in other._fields)
        {
            Add(path, message);
        }

        foreach (var message in other._entity)
        {
            AddEntity(message);
        }

        foreach (var (path, messages) in other._nestedEntity)
        {
            foreach (var message in messages)
            {
                AddEntityAt(path, message);
            }
        }
    }

    /// <summary>Adds every error of <paramref name="other"/>, prefixing its field paths with <paramref name="prefix"/>.</summary>
    public void AddNested(string prefix, FieldErrors other)
    {
        foreach (var (path, message) in other._fields)
        {
            Add($"{prefix}.{path}", message);
        }

        foreach (var message in other._entity)
        {
            AddEntityAt(prefix, message);
        }

        foreach (var (path, messages) in other._nestedEntity)
        {
            foreach (var message in messages)
            {
                AddEntityAt($"{prefix}.{path}", message);
            }
        }
    }

    /// <summary>Records an error about a nested record as a whole (rendered under its <c>@entity</c> key).</summary>
    public void AddEntityAt(string recordPath, string message)
    {
        if (!_nestedEntity.TryGetValue(recordPath, out var list))
        {
            list = [];
            _nestedEntity[recordPath] = list;
        }

        if (!list.Contains(message, StringComparer.Ordinal))
        {
            list.Add(message);
        }
    }

    /// <summary>
    /// Every error as (path, message), in the order of <see cref="ToKongMessage"/>: entity errors (empty path), errors
    /// about nested records (the record's path), then field errors by path.
    /// </summary>
    public IEnumerable<(string Path, string Message)> Flatten()
    {
        foreach (var message in _entity)
        {
            yield return (string.Empty, message);
        }

        foreach (var (path, messages) in _nestedEntity)
        {
            foreach (var message in messages)
            {
                yield return (path, message);
            }
        }

        foreach (var (path, message) in _fields)
        {
            yield return (path, message);
        }
    }

    /// <summary>Kong's nested <c>fields</c> object.</summary>
    public JsonObject ToKongFields()
    {
        var root = new JsonObject();
        if (_entity.Count > 0)
        {
            root[EntityKey] = new JsonArray([.. _entity.Select(e => (JsonNode?)JsonValue.Create(e))]);
        }

        foreach (var (path, messages) in _nestedEntity)
        {
            ObjectAt(root, path.Split('.'))[EntityKey] = new JsonArray([.. messages.Select(e => (JsonNode?)JsonValue.Create(e))]);
        }

        foreach (var (path, message) in _fields)
        {
            var parts = path.Split('.');
            ObjectAt(root, parts[..^1])[parts[^1]] = message;
        }

        return root;
    }

    private static JsonObject ObjectAt(JsonObject root, string[] parts)
    {
        var node = root;
        foreach (var part in parts)
        {
            if (node[part] is not JsonObject child)
            {
                child = new JsonObject();
                node[part] = child;
            }

            node = child;
        }

        return node;
    }

    /// <summary>
    /// Kong's message: <c>schema violation (name: err)</c> for one error,
    /// <c>N schema violations (e1; e2)</c> for more, entity errors first, then fields sorted by path.
    /// </summary>
    public string ToKongMessage()
    {
        var parts = new List<string>(_entity.Count + _fields.Count);
        parts.AddRange(_entity);
        parts.AddRange(_nestedEntity.SelectMany(e => e.Value.Select(m => $"{e.Key}: {m}")));
        parts.AddRange(_fields.Select(f => $"{f.Key}: {f.Value}"));
        return parts.Count == 1
            ? $"schema violation ({parts[0]})"
            : $"{parts.Count} schema violations ({string.Join("; ", parts)})";
    }

    public override string ToString() => ToKongMessage();
}
