using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace HybridGateway.DataPlane.Tests.TestSupport;

/// <summary>Private JWKs of .NET-generated keys, written member by member as RFC 7518 §6 lays them out.</summary>
internal static class TestJwks
{
    public static string Rsa(RSA rsa, string alg, string? kid)
    {
        var p = rsa.ExportParameters(includePrivateParameters: true);
        return new JsonObject
        {
            ["kty"] = "RSA",
            ["kid"] = kid,
            ["alg"] = alg,
            ["n"] = TestTokens.Base64Url(p.Modulus!),
            ["e"] = TestTokens.Base64Url(p.Exponent!),
            ["d"] = TestTokens.Base64Url(p.D!),
            ["p"] = TestTokens.Base64Url(p.P!),
            ["q"] = TestTokens.Base64Url(p.Q!),
            ["dp"] = TestTokens.Base64Url(p.DP!),
            ["dq"] = TestTokens.Base64Url(p.DQ!),
            ["qi"] = TestTokens.Base64Url(p.InverseQ!),
        }.ToJsonString();
    }

    public static string Ec(ECDsa ecdsa, string crv, string? kid)
    {
        var p = ecdsa.ExportParameters(includePrivateParameters: true);
        return new JsonObject
        {
            ["kty"] = "EC",
            ["kid"] = kid,
            ["crv"] = crv,
            ["x"] = TestTokens.Base64Url(p.Q.X!),
            ["y"] = TestTokens.Base64Url(p.Q.Y!),
            ["d"] = TestTokens.Base64Url(p.D!),
        }.ToJsonString();
    }

    public static string Oct(byte[] secret, string alg, string? kid) =>
        new JsonObject { ["kty"] = "oct", ["kid"] = kid, ["alg"] = alg, ["k"] = TestTokens.Base64Url(secret) }.ToJsonString();
}
