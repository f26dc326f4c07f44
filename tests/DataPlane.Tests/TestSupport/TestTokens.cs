using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace HybridGateway.DataPlane.Tests.TestSupport;

/// <summary>JWTs built by hand with .NET's HMAC primitive, independently of the gateway's JOSE code.</summary>
internal static class TestTokens
{
    public static string Hs256(string secret, string payload, string header = """{"alg":"HS256","typ":"JWT"}""")
    {
        var input = $"{Base64Url(header)}.{Base64Url(payload)}";
        return $"{input}.{Base64Url(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.ASCII.GetBytes(input)))}";
    }

    public static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static string Base64Url(string text) => Base64Url(Encoding.UTF8.GetBytes(text));

    /// <summary>The body of a response as JSON (the echo upstream's view of the request, or a gateway error).</summary>
    public static async Task<JsonElement> ReadJsonAsync(this HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
}
