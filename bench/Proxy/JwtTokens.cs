using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace HybridGateway.Proxy;

/// <summary>
/// Compact JWS tokens signed with .NET's primitives over hand-built base64url segments, independently of the
/// gateway's code (as the end-to-end JWT tests do).
/// </summary>
internal static class JwtTokens
{
    public static string Hs256(string claims, string secret) =>
        Sign("HS256", claims, input => HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), input));

    public static string Rs256(string claims, RSA key) =>
        Sign("RS256", claims, input => key.SignData(input, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));

    // .NET's default ECDSA signature format is JWS's: r || s, fixed width (IEEE P1363).
    public static string Es256(string claims, ECDsa key) =>
        Sign("ES256", claims, input => key.SignData(input, HashAlgorithmName.SHA256));

    /// <summary>Claims naming the credential's key in <c>iss</c>, expiring in an hour; <paramref name="serial"/> makes tokens distinct.</summary>
    public static string Claims(string key, long? serial = null)
    {
        var exp = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds();
        return serial is null ? $$"""{"iss":"{{key}}","exp":{{exp}}}""" : $$"""{"iss":"{{key}}","exp":{{exp}},"n":{{serial}}}""";
    }

    private static string Sign(string algorithm, string claims, Func<byte[], byte[]> sign)
    {
        var signingInput = $"{Base64Url.EncodeToString(Encoding.UTF8.GetBytes($$"""{"alg":"{{algorithm}}","typ":"JWT"}"""))}.{Base64Url.EncodeToString(Encoding.UTF8.GetBytes(claims))}";
        return $"{signingInput}.{Base64Url.EncodeToString(sign(Encoding.ASCII.GetBytes(signingInput)))}";
    }
}
