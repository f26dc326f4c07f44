using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using HybridGateway.Shared.Validation;

namespace HybridGateway.Shared.Plugins.Jwt;

/// <summary>Kong's <c>jwt</c> plugin: schema, defaults, messages and priority (kong/plugins/jwt/schema.lua).</summary>
public static class JwtSchema
{
    public const string Name = "jwt";

    /// <summary>Kong's <c>maximum_expiration</c> ceiling: one year in seconds.</summary>
    public const int MaximumExpirationLimit = 31536000;

    public static PluginDefinition Definition { get; } = new()
    {
        Name = Name,
        Version = "1.0.0",
        Priority = 1450,
        NoConsumer = true,
        Protocols = ["grpc", "grpcs", "http", "https"],
        Description = "Verifies JSON Web Tokens signed with a consumer's jwt credential (HS*, RS*, ES*, PS*, EdDSA).",
        ConfigSchema = new Schema(
            "config",
            [
                StringSet("uri_param_names", ["jwt"], "Query-string parameters searched for a token."),
                StringSet("cookie_names", [], "Cookies searched for a token."),
                new FieldSchema
                {
                    Name = "key_claim_name",
                    Type = FieldType.String,
                    Required = true,
                    Default = JsonValue.Create("iss"),
                    Description = "The claim holding the credential key, read from the payload first, then the JOSE header (e.g. kid).",
                },
                Typedefs.Bool("secret_is_base64", false, "HS* only: the credential's secret is base64-encoded."),
                new FieldSchema
                {
                    Name = "claims_to_verify",
                    Type = FieldType.Set,
                    Elements = new FieldSchema { Name = "claim", Type = FieldType.String, OneOf = ["exp", "nbf"] },
                    Description = "Registered claims to verify: exp, nbf.",
                },
                new FieldSchema
                {
                    Name = "anonymous",
                    Type = FieldType.String,
                    Description = "A consumer id or username used when authentication fails.",
                },
                Typedefs.Bool("run_on_preflight", true, "Authenticate OPTIONS preflight requests too."),
                new FieldSchema
                {
                    Name = "maximum_expiration",
                    Type = FieldType.Number,
                    Default = JsonValue.Create(0),
                    Between = (0, MaximumExpirationLimit),
                    Description = "Seconds; refuse tokens whose exp lies further ahead (requires exp in claims_to_verify).",
                },
                StringSet("header_names", ["authorization"], "Headers searched for a Bearer token."),
                new FieldSchema { Name = "realm", Type = FieldType.String, Description = "Realm of the WWW-Authenticate header." },
            ]),
        EntityChecks = [CheckMaximumExpiration],
    };

    /// <summary>Kong's conditional: a positive <c>maximum_expiration</c> needs <c>exp</c> in <c>claims_to_verify</c>.</summary>
    private static void CheckMaximumExpiration(JsonObject plugin, FieldErrors errors)
    {
        if (plugin["config"] is not JsonObject config
            || config["maximum_expiration"] is not JsonValue maximum
            || maximum.GetValueKind() != JsonValueKind.Number
            || double.Parse(maximum.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture) <= 0)
        {
            return;
        }

        // As in Kong, a null claims_to_verify passes: only a list without "exp" fails.
        if (config["claims_to_verify"] is JsonArray claims
            && !claims.Any(c => c?.GetValueKind() == JsonValueKind.String && c.GetValue<string>() == "exp"))
        {
            errors.Add("config.claims_to_verify", "expected to contain: exp");
            errors.AddEntity("failed conditional validation given value of field 'config.maximum_expiration'");
        }
    }

    private static FieldSchema StringSet(string name, string[] @default, string description) => new()
    {
        Name = name,
        Type = FieldType.Set,
        Default = new JsonArray([.. @default.Select(v => (JsonNode?)JsonValue.Create(v))]),
        Elements = new FieldSchema { Name = "name", Type = FieldType.String },
        Description = description,
    };
}
