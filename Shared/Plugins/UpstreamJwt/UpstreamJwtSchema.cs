using System.Text.Json.Nodes;
using HybridGateway.Shared.Jose;
using HybridGateway.Shared.Validation;

namespace HybridGateway.Shared.Plugins.UpstreamJwt;

/// <summary>
/// Optum's kong-upstream-jwt contract (reference §1): the gateway signs a JWT per request and hands it to the upstream.
/// Kong's config fields, plus what the original hard-codes: the lifetime, the algorithm and the largest body hashed.
/// </summary>
public static class UpstreamJwtSchema
{
    public const string Name = "upstream-jwt";

    /// <summary>Optum's fixed token lifetime, our default.</summary>
    public const int DefaultExpiresIn = 60;

    public const int DefaultMaxBodySize = 8 * 1024 * 1024;

    /// <summary>The signature algorithms a private key file can serve (no HS: the upstream would need our secret).</summary>
    public static readonly IReadOnlyList<string> Algorithms =
        [JwsAlgorithms.RS256, JwsAlgorithms.RS384, JwsAlgorithms.RS512, JwsAlgorithms.PS256, JwsAlgorithms.PS384, JwsAlgorithms.PS512, JwsAlgorithms.ES256, JwsAlgorithms.ES384, JwsAlgorithms.ES512];

    public static PluginDefinition Definition { get; } = new()
    {
        Name = Name,
        Version = "1.0.0",
        Priority = 900,
        Description = "Signs a JWT per request (consumer, service, body hash) and sends it to the upstream, which can verify the gateway vouched for the call.",
        ConfigSchema = new Schema(
            "config",
            [
                new FieldSchema { Name = "issuer", Type = FieldType.String, Description = "When set, the token carries iss (this value) and iat." },
                new FieldSchema { Name = "private_key_location", Type = FieldType.String, LenMin = 1, Description = "Path, on each data plane, of the PEM private key (RSA, EC or Ed25519/Ed448) that signs." },
                new FieldSchema { Name = "key_set", Type = FieldType.String, Description = "Instead of key files: a key set (id or name) whose key signs (the one whose kid is key_id, else the newest)." },
                new FieldSchema { Name = "public_key_location", Type = FieldType.String, Description = "Path, on each data plane, of the certificate (DER, or a PEM chain) sent in x5c." },
                new FieldSchema { Name = "key_id", Type = FieldType.String, Description = "The token header's kid; with key_set, the kid of the key that signs." },
                Typedefs.HeaderName("header") with { Required = true, Default = JsonValue.Create("JWT"), Description = "The upstream request header that carries the token; a client's own is replaced." },
                Typedefs.Bool("include_credential_type", false, "Send the token as `Bearer <token>`."),
                new FieldSchema { Name = "algorithm", Type = FieldType.String, OneOf = Algorithms, Description = "The signature algorithm; by default RS256 for an RSA key, ES256/384/512 for an EC key by its curve, EdDSA (the only one it fits) for an Ed25519/Ed448 key." },
                new FieldSchema { Name = "expires_in", Type = FieldType.Integer, Required = true, Default = JsonValue.Create(DefaultExpiresIn), Between = (1, 86_400), Description = "Token lifetime in seconds." },
                new FieldSchema { Name = "max_body_size", Type = FieldType.Integer, Required = true, Default = JsonValue.Create(DefaultMaxBodySize), Between = (0, 1L << 30), Description = "Largest request body hashed into payloadhash, in bytes; larger requests get 413." },
            ],
            [CheckOneKeySource]),
    };

    private static void CheckOneKeySource(JsonObject config, FieldErrors errors)
    {
        var files = config["private_key_location"] is not null;
        var set = config["key_set"] is not null;
        if (files == set)
        {
            errors.AddEntity(files ? "only one of private_key_location and key_set may be set" : "private_key_location or key_set is required");
        }

        if (set && config["public_key_location"] is not null)
        {
            errors.Add("public_key_location", "needs private_key_location: key sets carry no certificate");
        }
    }
}
