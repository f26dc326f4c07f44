using System.Text.Json.Nodes;
using HybridGateway.Shared.Validation;

namespace HybridGateway.Shared.Plugins.XCustomJwt;

/// <summary>
/// The Konnect x-custom-jwt contract (reference §2): turns whatever authenticated the caller (basic-auth, key-auth,
/// jwt) into one JWT signed by the gateway with a private JWK, whose public half is published as a JWKS at <c>jku</c>.
/// </summary>
public static class XCustomJwtSchema
{
    public const string Name = "x-custom-jwt";

    public static PluginDefinition Definition { get; } = new()
    {
        Name = Name,
        Version = "1.0.0",
        Priority = 1025,
        Description = "Signs one JWT for the upstream from whichever plugin authenticated the caller (basic-auth, key-auth, jwt).",
        ConfigSchema = new Schema(
            "config",
            [
                Typedefs.Url("iss") with { Required = true, Default = JsonValue.Create("https://kong-gateway:8443/x-custom-jwt"), Description = "The token's iss claim." },
                Typedefs.Url("jku") with { Required = true, Default = JsonValue.Create("https://kong-gateway:8443/x-custom-jwt/jwks"), Description = "The token header's jku: where the public JWKS is published." },
                new FieldSchema
                {
                    Name = "private_jwk",
                    Type = FieldType.String,
                    Secret = true,
                    Custom = CheckPrivateJwk,
                    Description = "The signing key, a private JWK as a JSON string (RSA, EC, OKP or oct; alg RS/PS/ES/EdDSA/HS).",
                },
                new FieldSchema { Name = "key_set", Type = FieldType.String, Description = "Instead of private_jwk: a key set (id or name) whose key signs; its JWKS is published by the data planes." },
                new FieldSchema { Name = "kid", Type = FieldType.String, Description = "With key_set: the kid of the key that signs; by default the set's newest key that can sign." },
                new FieldSchema { Name = "expires_in", Type = FieldType.Number, Required = true, Default = JsonValue.Create(1800), Between = (1, 31_536_000), Description = "Token lifetime in seconds." },
                Typedefs.HeaderName("upstream_custom_jwt_header") with { Required = true, Default = JsonValue.Create("X-Custom-Jwt"), Description = "Upstream request header that carries the token (`Bearer ` first when it is Authorization)." },
                Typedefs.HeaderName("downstream_custom_jwt_header") with { Description = "When set, the token is also returned to the client in this response header." },
                Typedefs.HeaderName("apikey_header") with { Required = true, Default = JsonValue.Create("apikey"), Description = "Kept for compatibility: the client_id of a key-auth caller is its credential's id, never the raw key." },
                new FieldSchema { Name = "bearer_clientid_claim", Type = FieldType.String, Required = true, LenMin = 1, Default = JsonValue.Create("clientId"), Description = "Claim of the verified jwt-plugin token that becomes client_id." },
                Typedefs.Bool("verbose", false, "Say in 401 bodies what failed."),
            ],
            [CheckOneKeySource]),
    };

    private static string? CheckPrivateJwk(JsonNode value)
    {
        using var key = XCustomJwtKey.Load(value.GetValue<string>(), out var error)?.Key;
        return error;
    }

    private static void CheckOneKeySource(JsonObject config, FieldErrors errors)
    {
        var inline = config["private_jwk"] is not null;
        var set = config["key_set"] is not null;
        if (inline == set)
        {
            errors.AddEntity(inline ? "only one of private_jwk and key_set may be set" : "private_jwk or key_set is required");
        }

        if (config["kid"] is not null && !set)
        {
            errors.Add("kid", "kid needs key_set");
        }
    }
}
