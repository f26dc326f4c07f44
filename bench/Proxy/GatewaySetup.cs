using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace HybridGateway.Proxy;

/// <summary>One jwt credential of the bench consumer: the <c>iss</c> it answers to and how to sign for it.</summary>
internal sealed record BenchCredential(string Algorithm, string Key, Func<string, string> Sign);

/// <summary>
/// The gateway's configuration, made as an administrator would: Kong's tutorial requests to the control plane's Admin
/// API (a service, one route per scenario, the jwt plugin on the jwt routes, a consumer and its jwt credentials).
/// </summary>
internal static class GatewaySetup
{
    public const string Consumer = "bench-user";

    public const string SigningKeySet = "bench-signing";

    public const string SigningKeyId = "bench-es256";

    public static async Task<IReadOnlyList<BenchCredential>> ConfigureAsync(
        HttpClient admin, string upstreamUrl, IEnumerable<string> plainRoutes, IEnumerable<string> jwtRoutes, RSA rsa, ECDsa ecdsa)
    {
        await FormAsync(admin, "/services", ("name", "bench"), ("url", upstreamUrl));
        foreach (var route in plainRoutes.Concat(jwtRoutes))
        {
            await FormAsync(admin, "/services/bench/routes", ("paths[]", $"/{route}"), ("name", route));
        }

        foreach (var route in jwtRoutes)
        {
            // As Kong's RS256 tutorial: exp is verified, so every verification also reads the claims.
            await FormAsync(admin, $"/routes/{route}/plugins", ("name", "jwt"), ("config.claims_to_verify", "exp"));
        }

        await FormAsync(admin, "/consumers", ("username", Consumer));

        // HS256 as Kong's tutorial: an empty form, the control plane generates key and secret.
        var hs = await FormAsync(admin, $"/consumers/{Consumer}/jwt");
        var hsKey = hs["key"]!.ToString();
        var secret = hs["secret"]!.ToString();

        await PemAsync(admin, "RS256", "bench-rs256", rsa.ExportSubjectPublicKeyInfoPem());
        await PemAsync(admin, "ES256", "bench-es256", ecdsa.ExportSubjectPublicKeyInfoPem());
        return
        [
            new("HS256", hsKey, claims => JwtTokens.Hs256(claims, secret)),
            new("RS256", "bench-rs256", claims => JwtTokens.Rs256(claims, rsa)),
            new("ES256", "bench-es256", claims => JwtTokens.Es256(claims, ecdsa)),
        ];
    }

    /// <summary>
    /// The POST lines: service <c>bench-sink</c> → the sink, route <c>/post-none</c> without plugin, and route
    /// <c>/post-upstream-jwt</c> with <c>upstream-jwt</c> signing ES256 with a key of the key set <c>bench-signing</c>
    /// (README's key-set requests), <c>max_body_size</c> 2 MiB so 1 MiB bodies pass. ES256, because upstream-jwt signs
    /// every request and an RS256 (2048-bit) signature costs several times a whole proxied request here (as the README
    /// says; the bench times signature checks, not signing).
    /// </summary>
    public static async Task ConfigureBodiesAsync(HttpClient admin, string sinkUrl, ECDsa signingKey)
    {
        await FormAsync(admin, "/services", ("name", "bench-sink"), ("url", sinkUrl));
        await FormAsync(admin, "/services/bench-sink/routes", ("paths[]", "/post-none"), ("name", "post-none"));
        await FormAsync(admin, "/services/bench-sink/routes", ("paths[]", "/post-upstream-jwt"), ("name", "post-upstream-jwt"));
        await FormAsync(admin, "/key-sets", ("name", SigningKeySet));
        await FormAsync(admin, $"/key-sets/{SigningKeySet}/keys", ("name", "bench-es256"), ("kid", SigningKeyId),
            ("pem.private_key", signingKey.ExportPkcs8PrivateKeyPem()), ("pem.public_key", signingKey.ExportSubjectPublicKeyInfoPem()));
        await FormAsync(admin, "/routes/post-upstream-jwt/plugins", ("name", "upstream-jwt"), ("config.key_set", SigningKeySet),
            ("config.max_body_size", (2 * 1024 * 1024).ToString(CultureInfo.InvariantCulture)));
    }

    // curl -X POST /consumers/{c}/jwt -F rsa_public_key=@public.pem -F algorithm=… -F key=…
    private static async Task PemAsync(HttpClient admin, string algorithm, string key, string pem)
    {
        using var content = new MultipartFormDataContent
        {
            { new ByteArrayContent(Encoding.ASCII.GetBytes(pem)), "rsa_public_key", "public.pem" },
            { new StringContent(algorithm), "algorithm" },
            { new StringContent(key), "key" },
        };
        await SendAsync(admin, $"/consumers/{Consumer}/jwt", content);
    }

    private static async Task<JsonNode> FormAsync(HttpClient admin, string path, params (string Name, string Value)[] fields)
    {
        using var content = new FormUrlEncodedContent(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)));
        return await SendAsync(admin, path, content);
    }

    private static async Task<JsonNode> SendAsync(HttpClient admin, string path, HttpContent content)
    {
        using var response = await admin.PostAsync(new Uri(path, UriKind.Relative), content);
        var body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"POST {path}: {(int)response.StatusCode} {body}");
        }

        return JsonNode.Parse(body) ?? throw new InvalidOperationException($"POST {path}: empty body");
    }
}
