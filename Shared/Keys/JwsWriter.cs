using System.Buffers.Text;
using System.Text;
using System.Text.Json.Nodes;
using HybridGateway.Shared.Configuration;
using HybridGateway.Shared.Jose;

namespace HybridGateway.Shared.Keys;

/// <summary>
/// The one way the gateway signs a token (upstream-jwt, x-custom-jwt): a compact JWS (RFC 7515 §7.1) whose signature
/// comes from a <see cref="SigningKey"/> loaded by <see cref="KeyMaterial"/>.
/// </summary>
public static class JwsWriter
{
    /// <summary>The algorithm a key signs with when nothing says otherwise: RS256, ES256/384/512 by curve, EdDSA, HS256.</summary>
    public static JwsAlgorithm DefaultAlgorithm(SigningKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return key.IsSymmetric
            ? JwsAlgorithm.HS256
            : key.Public!.Type switch
            {
                JwsKeyType.Rsa => JwsAlgorithm.RS256,
                JwsKeyType.EcP256 => JwsAlgorithm.ES256,
                JwsKeyType.EcP384 => JwsAlgorithm.ES384,
                JwsKeyType.EcP521 => JwsAlgorithm.ES512,
                _ => JwsAlgorithm.EdDSA,
            };
    }

    /// <summary>Why <paramref name="key"/> cannot sign <paramref name="algorithm"/>, or null when it can.</summary>
    public static string? CannotSign(SigningKey key, JwsAlgorithm algorithm)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (!key.HasPrivate)
        {
            return "holds no private key: a public key cannot sign";
        }

        if (!key.Fits(algorithm))
        {
            return $"this key cannot sign {algorithm}";
        }

        var minimum = algorithm switch
        {
            JwsAlgorithm.HS256 => 32,
            JwsAlgorithm.HS384 => 48,
            JwsAlgorithm.HS512 => 64,
            _ => 0,
        };
        return key.SecretLength < minimum ? $"{algorithm} needs a key of at least {minimum} bytes (RFC 7518 §3.2)" : null;
    }

    /// <summary>Signs <paramref name="claims"/>; <paramref name="header"/> gets <c>alg</c>, and <c>typ: JWT</c> unless it has one.</summary>
    public static string Sign(SigningKey key, JwsAlgorithm algorithm, JsonObject header, JsonObject claims)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(claims);
        header["alg"] = algorithm.ToString();
        header["typ"] ??= "JWT";
        var input = $"{Encode(header)}.{Encode(claims)}";
        var signature = key.Sign(algorithm, Encoding.ASCII.GetBytes(input));
        return $"{input}.{Base64Url.EncodeToString(signature)}";
    }

    private static string Encode(JsonObject json) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes(json.ToJsonString(GatewayJson.Options)));
}
