using System.Text.Json.Nodes;
using HybridGateway.Shared.Validation;

namespace HybridGateway.ControlPlane.Store;

/// <summary>A store error in Kong's shape (<c>kong/db/errors.lua</c>): code, name, message, fields.</summary>
internal sealed record DaoError(int Code, string Name, string Message, JsonNode? Fields)
{
    public const int SchemaViolationCode = 2;
    public const int ForeignKeyViolationCode = 4;
    public const int UniqueViolationCode = 5;
    public const int InvalidOffsetCode = 7;
    public const int InvalidSizeCode = 9;
    public const int InvalidOptionsCode = 11;

    /// <summary>Not one of Kong's codes (Kong has no custom plugin uploads): a custom plugin change that would break instances.</summary>
    public const int CustomPluginInUseCode = 100;

    /// <summary>The HTTP status Kong's Admin API answers this error with.</summary>
    public int HttpStatus => Code is UniqueViolationCode or CustomPluginInUseCode ? StatusCodes.Status409Conflict : StatusCodes.Status400BadRequest;

    public static DaoError SchemaViolation(FieldErrors errors) =>
        new(SchemaViolationCode, "schema violation", errors.ToKongMessage(), errors.ToKongFields());

    public static DaoError InvalidReference(string field, string id, string kind) =>
        InvalidReference(field, new JsonObject { ["id"] = id }, kind);

    /// <summary>A foreign key (by id, or by the referenced entity's endpoint key) that matches nothing.</summary>
    public static DaoError InvalidReference(string field, JsonObject key, string kind) =>
        new(
            ForeignKeyViolationCode,
            "foreign key violation",
            $"the foreign key '{LuaValue(key)}' does not reference an existing '{kind}' entity.",
            new JsonObject { [field] = key.DeepClone() });

    public static DaoError Restricted(string referencingKind, string kind) =>
        new(
            ForeignKeyViolationCode,
            "foreign key violation",
            $"an existing '{referencingKind}' entity references this '{kind}' entity",
            new JsonObject { ["@referenced_by"] = referencingKind });

    /// <summary>Kong refuses to delete a CA certificate a plugin's config still names, naming that plugin.</summary>
    public static DaoError ReferencedByPlugin(string kind, string id, string pluginName, string pluginId) =>
        new(
            ForeignKeyViolationCode,
            "foreign key violation",
            $"{kind} entity {id} is still referenced by the '{pluginName}' plugin (id = {pluginId})",
            new JsonObject { ["@referenced_by"] = "plugins" });

    /// <summary><c>UNIQUE violation detected on '{name="x"}'</c>; <paramref name="key"/> holds the conflicting fields.</summary>
    public static DaoError Unique(JsonObject key)
    {
        var parts = key.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={LuaValue(p.Value)}");
        return new(UniqueViolationCode, "unique constraint violation", $"UNIQUE violation detected on '{{{string.Join(",", parts)}}}'", key);
    }

    /// <summary>409: the plugin instances listed in <paramref name="instances"/> (by id, with what breaks) use the custom plugin.</summary>
    public static DaoError CustomPluginInUse(string message, JsonObject instances) =>
        new(CustomPluginInUseCode, "custom plugin in use", message, new JsonObject { ["@referenced_by"] = "plugins", ["instances"] = instances });

    public static DaoError InvalidOffset(string offset) =>
        new(InvalidOffsetCode, "invalid offset", $"'{offset}' is not a valid offset: bad base64 encoding", null);

    public static DaoError InvalidSize(string message) => new(InvalidSizeCode, "invalid size", message, null);

    public static DaoError InvalidOption(string field, string message) =>
        new(InvalidOptionsCode, "invalid options", $"invalid option ({field}: {message})", new JsonObject { [field] = message });

    public JsonObject ToJson()
    {
        var body = new JsonObject { ["code"] = Code, ["name"] = Name, ["message"] = Message };
        if (Fields is not null)
        {
            body["fields"] = Fields.DeepClone();
        }

        return body;
    }

    // Kong prints keys the way Lua's pretty printer does: strings quoted, records as {id="…"}.
    private static string LuaValue(JsonNode? value) => value switch
    {
        null => "null",
        JsonObject o => "{" + string.Join(",", o.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={LuaValue(p.Value)}")) + "}",
        JsonValue v when v.TryGetValue<string>(out var s) => $"\"{s}\"",
        _ => value.ToJsonString(),
    };
}
