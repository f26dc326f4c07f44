using System.Text.Json;
using System.Text.Json.Nodes;
using HybridGateway.Shared.Jose;
using HybridGateway.Shared.Validation;

namespace HybridGateway.Shared.Plugins.Jwt;

/// <summary>
/// The <c>jwt_secrets</c> entity (kong/plugins/jwt/daos.lua). <c>key</c> and <c>secret</c> are auto: the control
/// plane fills them with <see cref="Credentials.NewRandomKey"/> when absent. Unlike Kong, ES* credentials need a
/// public key too, and every public key must fit its algorithm.
/// </summary>
public static class JwtSecretSchema
{
    public const string EntityName = "jwt_secrets";

    /// <summary>Kong's Admin API names: <c>/jwts</c> and <c>/consumers/{c}/jwt</c>.</summary>
    public const string AdminApiName = "jwts";

    public const string AdminApiNestedName = "jwt";

    public static Schema Schema { get; } = new(
        EntityName,
        [
            Typedefs.Id(),
            Typedefs.Timestamp("created_at"),
            Typedefs.Foreign("consumer", "consumers", required: true),
            new FieldSchema { Name = "key", Type = FieldType.String, Auto = true, Unique = true, Description = "The value of the token's key claim; generated when absent." },
            new FieldSchema { Name = "secret", Type = FieldType.String, Auto = true, Secret = true, Description = "The HMAC secret of HS* credentials; generated when absent." },
            new FieldSchema { Name = "rsa_public_key", Type = FieldType.String, Description = "PEM public key of RS*, PS*, ES* and EdDSA credentials." },
            new FieldSchema
            {
                Name = "algorithm",
                Type = FieldType.String,
                Required = true,
                Default = JsonValue.Create(JwsAlgorithms.HS256),
                OneOf = JwsAlgorithms.All,
            },
            Typedefs.Tags(),
        ],
        [CheckPublicKey])
    {
        EndpointKey = "key",

        // Kong generates key and secret (32 letters and digits) when none are given, for every algorithm.
        FillGenerated = credential =>
        {
            credential["key"] ??= Credentials.NewRandomKey();
            credential["secret"] ??= Credentials.NewRandomKey();
        },
    };

    private static void CheckPublicKey(JsonObject credential, FieldErrors errors)
    {
        if (credential["algorithm"] is not JsonValue name
            || name.GetValueKind() != JsonValueKind.String
            || JwsAlgorithms.Parse(name.GetValue<string>()) is not { } algorithm
            || !JwsAlgorithms.IsAsymmetric(algorithm))
        {
            return;
        }

        var pem = credential["rsa_public_key"];
        if (pem is null)
        {
            errors.Add("rsa_public_key", "required field missing");
        }
        else if (pem.GetValueKind() != JsonValueKind.String || !PublicKeyParser.IsValidFor(pem.GetValue<string>(), algorithm))
        {
            errors.Add("rsa_public_key", "invalid key");
        }
        else
        {
            return;
        }

        errors.AddEntity("failed conditional validation given value of field 'algorithm'");
    }
}
