using System.Text.Json;
using System.Text.Json.Nodes;
using HybridGateway.Shared.Validation;

namespace HybridGateway.Shared.Keys;

/// <summary>
/// Kong's <c>key_sets</c> and <c>keys</c> entities (kong/db/schema/entities/{keys,key_sets}.lua): keys given as a JWK
/// (a JSON string) or as PEM keys, optionally grouped in a set (deleted with it). Their private material is
/// encrypted at rest and never shown (<see cref="KeySecrets"/>).
/// </summary>
public static class KeysSchema
{
    public const string KeySetsEntity = "key_sets";

    public const string KeysEntity = "keys";

    /// <summary>The Admin API paths: <c>/key-sets</c> and <c>/keys</c> (Kong's names).</summary>
    public const string KeySetsAdminApiName = "key-sets";

    public const string KeysAdminApiName = "keys";

    public static Schema KeySets { get; } = new(
        KeySetsEntity,
        [
            Typedefs.Id(),
            Typedefs.Timestamp("created_at"),
            Typedefs.Timestamp("updated_at"),
            Typedefs.Name(),
            Typedefs.Tags(),
        ])
    {
        EndpointKey = "name",
    };

    public static Schema Keys { get; } = new(
        KeysEntity,
        [
            Typedefs.Id(),
            Typedefs.Timestamp("created_at"),
            Typedefs.Timestamp("updated_at"),
            Typedefs.Foreign("set", KeySetsEntity),
            Typedefs.Name(),
            new FieldSchema { Name = "kid", Type = FieldType.String, Required = true, LenMin = 1, LenMax = 1024, Description = "The key id (JWK kid); unique within its set." },
            new FieldSchema { Name = "jwk", Type = FieldType.String, LenMax = KeyMaterial.MaxJwkLength, Secret = true, Description = "The key as a JWK, a JSON string; its private members are encrypted at rest and never returned." },
            new FieldSchema
            {
                Name = "pem",
                Type = FieldType.Record,
                Description = "The key as PEM: a private key, a public key, or both.",
                Record = new Schema(
                    "pem",
                    [
                        new FieldSchema { Name = "private_key", Type = FieldType.String, LenMax = KeyMaterial.MaxPemLength, Secret = true, Description = "PEM private key (PKCS#8, PKCS#1 or SEC1); encrypted at rest and never returned." },
                        new FieldSchema { Name = "public_key", Type = FieldType.String, LenMax = KeyMaterial.MaxPemLength, Description = "PEM public key (SubjectPublicKeyInfo, PKCS#1 or a certificate)." },
                    ]),
            },
            Typedefs.Tags(),
        ],
        [CheckKeyMaterial])
    {
        EndpointKey = "name",
        Secrets = KeySecrets.Fields,
    };

    /// <summary>Kong's uniqueness key of a key: its kid within its set (<c>keys:&lt;kid&gt;:&lt;set id or ''&gt;</c>).</summary>
    public static string CacheKey(string? kid, string? setId) => $"keys:{kid}:{setId}";

    private static void CheckKeyMaterial(JsonObject key, FieldErrors errors)
    {
        var jwk = key["jwk"];
        var pem = key["pem"];
        if (jwk is not null && pem is not null)
        {
            errors.AddEntity("only one or none of these fields must be set: 'jwk', 'pem'");
            return;
        }

        if (jwk is null && pem is null)
        {
            errors.AddEntity("at least one of these fields must be non-empty: 'jwk', 'pem'");
            return;
        }

        if (key["kid"] is not JsonValue kidValue || kidValue.GetValueKind() != JsonValueKind.String)
        {
            // Reported against its field already.
            return;
        }

        KeyLoadResult result;
        if (jwk is JsonValue jwkValue && jwkValue.GetValueKind() == JsonValueKind.String)
        {
            result = KeyMaterial.LoadJwk(jwkValue.GetValue<string>(), kidValue.GetValue<string>());
        }
        else if (pem is JsonObject record && StringOrNull(record["private_key"], out var privateKey) && StringOrNull(record["public_key"], out var publicKey))
        {
            result = KeyMaterial.LoadPem(privateKey, publicKey);
        }
        else
        {
            return;
        }

        using (result.Key)
        {
            if (result.Error is null)
            {
                return;
            }

            if (result.Field is null)
            {
                errors.AddEntity(result.Error);
            }
            else
            {
                errors.Add(result.Field, result.Error);
            }
        }
    }

    private static bool StringOrNull(JsonNode? node, out string? value)
    {
        value = node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;
        return node is null || value is not null;
    }
}
