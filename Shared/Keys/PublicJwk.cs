using System.Buffers.Text;
using System.Text.Json.Nodes;
using HybridGateway.Shared.Jose;

namespace HybridGateway.Shared.Keys;

/// <summary>
/// The public JWK (RFC 7517/7518/8037) of a loaded key, as a JWKS publishes it: <c>kty</c>, the public members,
/// <c>kid</c>, <c>use: sig</c> and, when the key names one, <c>alg</c>. Symmetric keys have none: they are never
/// published.
/// </summary>
public static class PublicJwk
{
    public static JsonObject? Of(SigningKey key, string kid, JwsAlgorithm? algorithm)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(kid);
        if (key.Public is not { } publicKey)
        {
            return null;
        }

        var jwk = publicKey.Type switch
        {
            JwsKeyType.Rsa => Rsa(publicKey),
            JwsKeyType.EcP256 => Ec(publicKey, "P-256"),
            JwsKeyType.EcP384 => Ec(publicKey, "P-384"),
            JwsKeyType.EcP521 => Ec(publicKey, "P-521"),
            JwsKeyType.Ed25519 => new JsonObject { ["kty"] = "OKP", ["crv"] = "Ed25519", ["x"] = Base64Url.EncodeToString(publicKey.EdKey) },
            _ => new JsonObject { ["kty"] = "OKP", ["crv"] = "Ed448", ["x"] = Base64Url.EncodeToString(publicKey.EdKey) },
        };
        jwk["kid"] = kid;
        jwk["use"] = "sig";
        if (algorithm is { } alg)
        {
            jwk["alg"] = alg.ToString();
        }

        return jwk;
    }

    private static JsonObject Rsa(JwsPublicKey key)
    {
        var parameters = key.Rsa!.ExportParameters(includePrivateParameters: false);
        return new JsonObject { ["kty"] = "RSA", ["n"] = Base64Url.EncodeToString(parameters.Modulus), ["e"] = Base64Url.EncodeToString(parameters.Exponent) };
    }

    private static JsonObject Ec(JwsPublicKey key, string curve)
    {
        var parameters = key.Ecdsa!.ExportParameters(includePrivateParameters: false);
        return new JsonObject { ["kty"] = "EC", ["crv"] = curve, ["x"] = Base64Url.EncodeToString(parameters.Q.X), ["y"] = Base64Url.EncodeToString(parameters.Q.Y) };
    }
}
