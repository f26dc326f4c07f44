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
        Protect = (key, protector) => ForEachField(key, (holder, member) => ProtectField(holder, member, protector)),
        Unprotect = (key, protector) => ForEachField(key, (holder, member) => UnprotectField(holder, member, protector)),
        Redact = key => ForEachField(key, RedactField),
    };

    /// <summary>
    /// Encrypts the secret string <paramref name="holder"/>[<paramref name="member"/>]: a JWK's private members one by
    /// one (its public members stay readable), any other text as a whole. Values already protected are left alone.
    /// </summary>
    public static void ProtectField(JsonObject holder, string member, SecretProtector protector)
    {
        ArgumentNullException.ThrowIfNull(holder);
        ArgumentNullException.ThrowIfNull(protector);
        if (RewriteJwk(holder, member, jwk =>
            {
                var changed = false;
                foreach (var name in PrivateJwkMembers)
                {
                    if (jwk[name] is { } value && !(value.GetValueKind() == JsonValueKind.String && SecretProtector.IsProtected(value.GetValue<string>())))
                    {
                        jwk[name] = protector.Protect(value.ToJsonString());
                        changed = true;
                    }
                }

                return changed;
            }))
        {
            return;
        }

        RewriteText(holder, member, text => SecretProtector.IsProtected(text) ? text : protector.Protect(text));
    }

    /// <summary>Undoes <see cref="ProtectField"/>; clear values are left as they are.</summary>
    public static void UnprotectField(JsonObject holder, string member, SecretProtector protector)
    {
        ArgumentNullException.ThrowIfNull(holder);
        ArgumentNullException.ThrowIfNull(protector);
        if (RewriteJwk(holder, member, jwk =>
            {
                var changed = false;
                foreach (var name in PrivateJwkMembers)
                {
                    if (jwk[name] is JsonValue value && value.GetValueKind() == JsonValueKind.String && SecretProtector.IsProtected(value.GetValue<string>()))
                    {
                        jwk[name] = JsonNode.Parse(protector.Unprotect(value.GetValue<string>()));
                        changed = true;
                    }
                }

                return changed;
            }))
        {
            return;
        }

        RewriteText(holder, member, protector.Unprotect);
    }

    /// <summary>
    /// Withholds the secret string <paramref name="holder"/>[<paramref name="member"/>], clear or protected: a JWK
    /// keeps its public members and lists the removed ones in <see cref="WithheldMember"/>; anything else (a PEM, text
    /// that cannot be read) becomes <see cref="Withheld"/>.
    /// </summary>
    public static void RedactField(JsonObject holder, string member)
    {
        ArgumentNullException.ThrowIfNull(holder);
        var isJwk = RewriteJwk(holder, member, jwk =>
        {
            var removed = PrivateJwkMembers.Where(jwk.ContainsKey).ToList();
            foreach (var name in removed)
            {
                jwk.Remove(name);
            }

            if (removed.Count > 0)
            {
                jwk[WithheldMember] = new JsonArray([.. removed.Select(m => (JsonNode?)JsonValue.Create(m))]);
            }

            return removed.Count > 0;
        });
        if (!isJwk)
        {
            RewriteText(holder, member, _ => Withheld);
        }
    }

    // A key's secret strings: its jwk and its pem.private_key.
    private static void ForEachField(JsonObject key, Action<JsonObject, string> action)
    {
        action(key, "jwk");
        if (key["pem"] is JsonObject pem)
        {
            action(pem, "private_key");
        }
    }

    /// <summary>
    /// When <paramref name="holder"/>[<paramref name="member"/>] is a JWK (a JSON object as text), applies
    /// <paramref name="rewrite"/> to it and writes it back if that changed something. False when it is no JWK.
    /// </summary>
    private static bool RewriteJwk(JsonObject holder, string member, Func<JsonObject, bool> rewrite)
    {
        if (holder[member] is not JsonValue value || value.GetValueKind() != JsonValueKind.String
            || ParseObject(value.GetValue<string>()) is not { } jwk)
        {
            return false;
        }

        if (rewrite(jwk))
        {
            holder[member] = jwk.ToJsonString();
        }

        return true;
    }

    private static void RewriteText(JsonObject holder, string member, Func<string, string> rewrite)
    {
        if (holder[member] is JsonValue value && value.GetValueKind() == JsonValueKind.String)
        {
            holder[member] = rewrite(value.GetValue<string>());
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
