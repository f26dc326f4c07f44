using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace HybridGateway.Shared.Configuration;

/// <summary>
/// The one JSON shape of our entities: Kong's snake_case field names, explicit nulls, foreign keys as <c>{"id": …}</c>.
/// The Admin API renders it, snapshots carry it and declarative files use it.
/// </summary>
public static class GatewayJson
{
    /// <summary>Options for entities and snapshots (read and write).</summary>
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
            DictionaryKeyPolicy = null,
            DefaultIgnoreCondition = JsonIgnoreCondition.Never,
            PropertyNameCaseInsensitive = false,
            NumberHandling = JsonNumberHandling.Strict,
            // Kong does not escape '/' or non-ASCII; neither do we, but HTML-sensitive characters stay escaped.
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
            MaxDepth = 64,
        };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
