using System.Net;
using System.Text.Json;
using HybridGateway.DataPlane.Tests.TestSupport;
using HybridGateway.Shared.Configuration;
using HybridGateway.Tests.Common;
using static HybridGateway.DataPlane.Tests.TestSupport.Entities;

namespace HybridGateway.DataPlane.Tests.Plugins.Jwt;

/// <summary>
/// Every Kong jwt algorithm × valid and broken tokens, minted by npm's jose and jsonwebtoken (tests/js-tokens/mint.mjs,
/// one node run for the whole matrix), against one real data-plane host whose credentials hold the minted keys.
/// The expected answers are Kong's (shared/reference §3), except where Kong fails with a 500 and we answer the 401 a
/// client expects (a DER ECDSA signature).
/// </summary>
[NonParallelizable]
public sealed class JwtNodeTokenMatrixTests
{
    private const string KeyPrefix = "matrix";

    private static readonly string[] Algorithms =
        ["HS256", "HS384", "HS512", "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA"];

    private static readonly ConsumerConfig Consumer = new() { Id = Guid.NewGuid(), Username = "node-tokens", CustomId = "js-1" };

    // Kong's defaults (as the control plane stores them) with both registered claims verified.
    private static readonly object KongConfig = new
    {
        uri_param_names = new[] { "jwt" },
        cookie_names = Array.Empty<string>(),
        header_names = new[] { "authorization" },
        key_claim_name = "iss",
        secret_is_base64 = false,
        claims_to_verify = new[] { "exp", "nbf" },
        anonymous = (string?)null,
        run_on_preflight = true,
        maximum_expiration = 0,
        realm = (string?)null,
    };

    private MintedTokens _minted = null!;
    private ProxiedNode _proxied = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _minted = await NodeTokens.MintAsync(KeyPrefix, Algorithms);
        _proxied = await ProxiedNode.StartAsync(Config);
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (_proxied is not null)
        {
            await _proxied.DisposeAsync();
        }
    }

    private GatewayConfig Config(int upstreamPort)
    {
        var service = Service(port: upstreamPort);
        var route = Route(service, paths: ["/matrix"]);
        return new GatewayConfig
        {
            Services = [service],
            Routes = [route],
            Consumers = [Consumer],
            JwtSecrets = [.. _minted.Credentials.Select(c => new JwtSecretConfig
            {
                Id = Guid.NewGuid(),
                Consumer = new EntityRef(Consumer.Id),
                Key = c.Key,
                // Kong generates a secret for every credential; key-pair ones never use it.
                Secret = c.Secret ?? "unused-by-key-pair-credentials",
                RsaPublicKey = c.PublicKeyPem,
                Algorithm = c.Alg,
            })],
            Plugins = [Plugin("jwt", KongConfig, route: route)],
        };
    }

    /// <summary>(algorithm, variant, status, exact 401 body or null for a 200).</summary>
    private static IEnumerable<TestCaseData> Cases()
    {
        foreach (var alg in Algorithms)
        {
            yield return Case(alg, "valid", null);
            yield return Case(alg, "tampered", """{"message":"Invalid signature"}""");
            yield return Case(alg, "wrong-key", """{"message":"Invalid signature"}""");
            yield return Case(alg, "alg-none", """{"message":"Bad token; invalid alg"}""");
            yield return Case(alg, "expired", """{"exp":"token expired"}""");
            yield return Case(alg, "not-yet-valid", """{"nbf":"token not valid yet"}""");
            yield return Case(alg, "two-segments", """{"message":"Bad token; invalid JSON"}""");
            yield return Case(alg, "four-segments", """{"message":"Bad token; invalid signature"}""");
            // Kong pads every segment before decoding, so a signature that already carries its '=' still verifies.
            yield return Case(alg, "padded-signature", null);
            if (!alg.StartsWith("HS", StringComparison.Ordinal))
            {
                // The credential pins the algorithm, so an HMAC keyed with the public PEM never reaches a verifier.
                yield return Case(alg, "hs256-with-public-pem", """{"message":"Invalid algorithm"}""");
            }

            if (alg.StartsWith("ES", StringComparison.Ordinal))
            {
                // Kong answers 500 (a wrong-length signature fails an assert); a 401 is what the client should get.
                yield return Case(alg, "der-signature", """{"message":"Invalid signature"}""");
            }

            if (alg != "EdDSA")
            {
                yield return Case(alg, "jsonwebtoken", null);
                yield return Case(alg, "jsonwebtoken-expired", """{"exp":"token expired"}""");
            }
        }

        static TestCaseData Case(string alg, string variant, string? refusal) =>
            new TestCaseData(alg, variant, refusal).SetArgDisplayNames(alg, variant, refusal is null ? "200" : $"401 {refusal}");
    }

    [TestCaseSource(nameof(Cases))]
    public async Task NodeMintedToken_KongAnswer(string alg, string variant, string? refusal)
    {
        var token = _minted.Token(alg, variant);
        using var response = await _proxied.Node.GetAsync("/matrix/x", r => r.Headers.TryAddWithoutValidation("Authorization", $"Bearer {token}"));
        var body = await response.Content.ReadAsStringAsync();

        if (refusal is null)
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), body);
            var headers = JsonDocument.Parse(body).RootElement.GetProperty("headers");
            Assert.That(headers.GetProperty("x-consumer-id").GetString(), Is.EqualTo(Consumer.Id.ToString()));
            Assert.That(headers.GetProperty("x-consumer-username").GetString(), Is.EqualTo("node-tokens"));
            Assert.That(headers.GetProperty("x-consumer-custom-id").GetString(), Is.EqualTo("js-1"));
            Assert.That(headers.GetProperty("x-credential-identifier").GetString(), Is.EqualTo($"{KeyPrefix}-{alg}"));
        }
        else
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), body);
            Assert.That(body, Is.EqualTo(refusal));
            Assert.That(response.Headers.WwwAuthenticate.ToString(), Is.EqualTo("Bearer error=\"invalid_token\""));
        }
    }
}
