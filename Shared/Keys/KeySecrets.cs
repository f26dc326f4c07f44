using System.Text.Json;
using System.Text.Json.Nodes;
using HybridGateway.Shared.Secrets;

namespace HybridGateway.Shared.Keys;

/// <summary>
/// The private material of a <c>keys</c> entity — a JWK's private members and <c>pem.private_key</c> — and how it is
/// encrypted at rest and withheld from Admin API answers and declarative exports.
/// <list type="bullet">
/// <item>At rest each private JWK member's value, and <c>pem.private_key</c>, is an <see cref="SecretProtector"/> value.</item>
/// <item>Shown to people, a JWK keeps its public members only and lists the removed ones in a <c>withheld</c> member
/// (<c>"withheld":["d","p",…]</c>); <c>pem.private_key</c> becomes <see cref="Withheld"/>. Writing either back is
/// refused with <see cref="WithheldMessage"/>, so a GET-then-PUT never silently turns a private key into a public one.</item>
/// </list>
/// </summary>
public static class KeySecrets
{
    /// <summary>What Admin API answers and exports show instead of <c>pem.private_key</c>.</summary>
    public const string Withheld = "[withheld]";

    /// <summary>The JWK member that lists the private members removed from an answer or export.</summary>
    public const string WithheldMember = "withheld";

    public const string WithheldMessage = "private key material is withheld from Admin API answers and exports: supply the private key itself";

    /// <summary>RFC 7518's private JWK members (<c>r</c> and <c>t</c> are those of <c>oth</c>, which Kong lists at the top) and an oct key's <c>k</c>.</summary>
    public static readonly IReadOnlyList<string> PrivateJwkMembers = ["d", "p", "q", "dp", "dq", "qi", "oth", "r", "t", "k"];

    public static SecretFields Fields { get; } = new()
    {
        Protect = Protect,
        Unprotect = Unprotect,
        Redact = Redact,
    };

    private static void Protect(JsonObject key, SecretProtector protector)
    {
        RewriteJwk(key, jwk =>
        {
            var changed = false;
            foreach (var member in PrivateJwkMembers)
            {
                if (jwk[member] is { } value && !(value.GetValueKind() == JsonValueKind.String && SecretProtector.IsProtected(value.GetValue<string>())))
                {
                    jwk[member] = protector.Protect(value.ToJsonString());
                    changed = true;
                }
            }

            return changed;
        });
        RewritePrivatePem(key, pem => SecretProtector.IsProtected(pem) ? pem : protector.Protect(pem));
    }

    private static void Unprotect(JsonObject key, SecretProtector protector)
    {
        RewriteJwk(key, jwk =>
        {
            var changed = false;
            foreach (var member in PrivateJwkMembers)
            {
                if (jwk[member] is JsonValue value && value.GetValueKind() == JsonValueKind.String && SecretProtector.IsProtected(value.GetValue<string>()))
                {
                    jwk[member] = JsonNode.Parse(protector.Unprotect(value.GetValue<string>()));
                    changed = true;
                }
            }

            return changed;
        });
        RewritePrivatePem(key, protector.Unprotect);
    }

    private static void Redact(JsonObject key)
    {
        if (key["jwk"] is JsonValue jwkValue && jwkValue.GetValueKind() == JsonValueKind.String && ParseObject(jwkValue.GetValue<string>()) is null)
        {
            // Never shown when it cannot be read: it might be anything.
            key["jwk"] = Withheld;
        }

        RewriteJwk(key, jwk =>
        {
            var removed = PrivateJwkMembers.Where(jwk.ContainsKey).ToList();
            foreach (var member in removed)
            {
                jwk.Remove(member);
            }

            if (removed.Count > 0)
            {
                jwk[WithheldMember] = new JsonArray([.. removed.Select(m => (JsonNode?)JsonValue.Create(m))]);
            }

            return removed.Count > 0;
        });
        RewritePrivatePem(key, _ => Withheld);
    }

    /// <summary>Applies <paramref name="rewrite"/> to the parsed <c>jwk</c>; writes it back only when it changed something.</summary>
    private static void RewriteJwk(JsonObject key, Func<JsonObject, bool> rewrite)
    {
        if (key["jwk"] is JsonValue value && value.GetValueKind() == JsonValueKind.String
            && ParseObject(value.GetValue<string>()) is { } jwk && rewrite(jwk))
        {
            key["jwk"] = jwk.ToJsonString();
        }
    }

    private static void RewritePrivatePem(JsonObject key, Func<string, string> rewrite)
    {
        if (key["pem"] is JsonObject pem && pem["private_key"] is JsonValue value && value.GetValueKind() == JsonValueKind.String)
        {
            pem["private_key"] = rewrite(value.GetValue<string>());
        }
    }

    private static JsonObject? ParseObject(string text)
    {
        try
        {
            return JsonNode.Parse(text) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
