using System.Buffers.Text;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using HybridGateway.Tests.Common;

namespace HybridGateway.EndToEnd.Tests.Cluster;

/// <summary>
/// Issue 4, "tokens signed before and after a rotation both verify during the overlap", on both data planes over the
/// real broker: upstream-jwt signs with a key set's key, and the set is rotated through the Admin API by the procedure
/// DataPlane/README.md gives ("add the next key to the set (published at once), move the signer to its kid, and delete
/// the previous key once tokens signed with it have expired"), while requests flow through both nodes. npm's jose
/// verifies the tokens against JWKS documents fetched from the data planes (status port and <c>jwks</c> plugin route).
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class KeyRotationTests
{
    private const string Algorithm = "ES256";

    // Key A's tokens live briefly, so the test can wait until they have expired before deleting A, as the README asks;
    // key B's outlive the test, so T2 still verifies at its end.
    private const int SecondsBefore = 30;
    private const int SecondsAfter = 600;

    [Test]
    public async Task UpstreamJwtKeySet_RotatedAsTheReadmeSays_BothTokensVerifyDuringOverlap_RetiredKeyStops_NoRequestFails()
    {
        var kidA = Kong.UniqueName("kid-a");
        var kidB = Kong.UniqueName("kid-b");
        var keys = JsonNode.Parse(await NodeTokens.RunAsync("jwks.mjs", $$"""{"command":"keypair","alg":"{{Algorithm}}","kid":"{{kidA}}"}"""))!;
        var next = JsonNode.Parse(await NodeTokens.RunAsync("jwks.mjs", $$"""{"command":"keypair","alg":"{{Algorithm}}","kid":"{{kidB}}"}"""))!;

        // The set with key A, upstream-jwt signing with A, and the set's JWKS on a proxy route (jwks plugin).
        var set = Kong.UniqueName("rotation");
        Expect(await Kong.FormAsync(HttpMethod.Post, "/key-sets", ("name", set)));
        Expect(await Kong.JsonAsync(HttpMethod.Post, $"/key-sets/{set}/keys", new { name = kidA, kid = kidA, jwk = keys["privateJwk"]!.ToJsonString() }));
        var (_, route, path) = await Kong.CreateServiceAndRouteAsync(ClusterSetUp.UpstreamA.Url, "rotation");
        var plugin = await Kong.FormAsync(HttpMethod.Post, $"/routes/{route}/plugins", ("name", "upstream-jwt"), ("config.key_set", set),
            ("config.key_id", kidA), ("config.expires_in", $"{SecondsBefore}"));
        Expect(plugin);
        var jwksRoute = Kong.UniqueName("rotation-jwks");
        var jwksPath = "/" + jwksRoute;
        Expect(await Kong.FormAsync(HttpMethod.Post, "/routes", ("name", jwksRoute), ("paths[]", jwksPath)));
        Expect(await Kong.FormAsync(HttpMethod.Post, $"/routes/{jwksRoute}/plugins", ("name", "jwks"), ("config.key_set", set)));
        await Kong.WaitForEchoOnAllAsync(path, e => Kid(e) == kidA);
        await WaitForJwksOnAllAsync(set, jwksPath, [kidA]);

        // Requests through both nodes for the whole rotation; every one must be proxied with a token of A or B.
        using var stop = new CancellationTokenSource();
        var traffic = SendThroughoutAsync(path, [kidA, kidB], stop.Token);
        var t1 = (await Kong.WaitForEchoOnAllAsync(path, e => Kid(e) == kidA))[0].Headers["jwt"];

        // 1. Add the next key to the set: published at once, while A still signs.
        Expect(await Kong.JsonAsync(HttpMethod.Post, $"/key-sets/{set}/keys", new { name = kidB, kid = kidB, jwk = next["privateJwk"]!.ToJsonString() }));
        await WaitForJwksOnAllAsync(set, jwksPath, [kidA, kidB]);

        // 2. Move the signer to its kid (B's tokens get the long lifetime, see above).
        var moved = await Kong.JsonAsync(HttpMethod.Patch, $"/plugins/{plugin.Id}", new { config = new { key_id = kidB, expires_in = SecondsAfter } });
        Assert.That(moved.Status, Is.EqualTo(HttpStatusCode.OK), moved.ToString());
        var t2 = (await Kong.WaitForEchoOnAllAsync(path, e => Kid(e) == kidB))[^1].Headers["jwt"];

        // Every A token was signed before its node switched, so before now: it expires SecondsBefore after now at the latest.
        var lastSignedWithA = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

        // The overlap: one JWKS fetch, from each node's status port and from its jwks route, verifies T1 and T2.
        foreach (var (where, jwks) in await FetchJwksAsync(set, jwksPath))
        {
            var results = await VerifyAsync(jwks, t1, t2);
            Assert.That(results[0]["error"], Is.Null, $"T1 (kid A) against {where}: {results[0]}");
            Assert.That(results[1]["error"], Is.Null, $"T2 (kid B) against {where}: {results[1]}");
            Assert.That((string?)results[0]["protectedHeader"]!["kid"], Is.EqualTo(kidA));
            Assert.That((string?)results[1]["protectedHeader"]!["kid"], Is.EqualTo(kidB));
        }

        // 3. Delete the previous key once tokens signed with it have expired.
        Assert.That(Expiry(t1), Is.LessThanOrEqualTo(lastSignedWithA + SecondsBefore));
        await Poll.UntilAsync(
            () => DateTimeOffset.UtcNow.ToUnixTimeSeconds() > lastSignedWithA + SecondsBefore,
            TimeSpan.FromSeconds(SecondsBefore + 30),
            "every token signed with key A to expire");
        var retired = await Kong.SendAsync(HttpMethod.Delete, $"/key-sets/{set}/keys/{kidA}");
        Assert.That(retired.Status, Is.EqualTo(HttpStatusCode.NoContent), retired.ToString());
        await WaitForJwksOnAllAsync(set, jwksPath, [kidB]);

        // After: T1 finds no key in the new JWKS (not merely expired: jose picks the key before it checks claims); T2 verifies.
        foreach (var (where, jwks) in await FetchJwksAsync(set, jwksPath))
        {
            var results = await VerifyAsync(jwks, t1, t2);
            Assert.That((string?)results[0]["error"], Does.StartWith("ERR_JWKS_NO_MATCHING_KEY"), $"T1 (kid A) against {where}: {results[0]}");
            Assert.That(results[1]["error"], Is.Null, $"T2 (kid B) against {where}: {results[1]}");
        }

        await stop.CancelAsync();
        var (sent, failures) = await traffic;
        TestContext.Out.WriteLine($"{sent} requests through {ClusterSetUp.System.DataPlanes.Count} data planes during the rotation, {failures.Count} failed");
        Assert.That(failures, Is.Empty, $"of {sent} requests during the rotation");
        Assert.That(sent, Is.GreaterThan(ClusterSetUp.System.DataPlanes.Count), "requests flowed during the rotation");
    }

    /// <summary>Polls until every node publishes exactly <paramref name="kids"/>, on its status port and on the jwks route.</summary>
    private static async Task WaitForJwksOnAllAsync(string set, string jwksPath, string[] kids)
    {
        foreach (var node in ClusterSetUp.System.DataPlanes)
        {
            await Poll.UntilAsync(
                async () => Kids(await node.Status.GetStringAsync(new Uri($"/key-sets/{set}/jwks", UriKind.Relative))).SetEquals(kids),
                what: $"{node.Name} to publish {string.Join(", ", kids)} on its status port");
        }

        await Kong.WaitForStatusOnAllAsync(jwksPath, HttpStatusCode.OK, body => Kids(body).SetEquals(kids));
    }

    /// <summary>One fetch of each node's JWKS from the status port and one from the jwks route.</summary>
    private static async Task<List<(string Where, JsonNode Jwks)>> FetchJwksAsync(string set, string jwksPath)
    {
        var fetched = new List<(string, JsonNode)>();
        foreach (var node in ClusterSetUp.System.DataPlanes)
        {
            fetched.Add(($"{node.Name} status port", JsonNode.Parse(await node.Status.GetStringAsync(new Uri($"/key-sets/{set}/jwks", UriKind.Relative)))!));
            fetched.Add(($"{node.Name} {jwksPath}", JsonNode.Parse(await node.Proxy.GetStringAsync(new Uri(jwksPath, UriKind.Relative)))!));
        }

        return fetched;
    }

    /// <summary>jose's answer per token, each verified against <paramref name="jwks"/> alone.</summary>
    private static async Task<IReadOnlyList<JsonNode>> VerifyAsync(JsonNode jwks, params string[] tokens)
    {
        var answer = JsonNode.Parse(await NodeTokens.RunAsync("jwks.mjs", new JsonObject
        {
            ["command"] = "verify-jwks",
            ["jwks"] = jwks.DeepClone(),
            ["tokens"] = new JsonArray([.. tokens.Select(t => JsonValue.Create(t))]),
            ["algorithms"] = new JsonArray(Algorithm),
        }.ToJsonString()))!;
        return [.. answer["results"]!.AsArray().Select(result => result!)];
    }

    /// <summary>
    /// Sends GETs through the nodes in turn, one at a time, until cancelled; a failure is anything but a 200 from the
    /// upstream with a token whose kid is one of <paramref name="kids"/>.
    /// </summary>
    private static Task<(int Sent, IReadOnlyList<string> Failures)> SendThroughoutAsync(string path, string[] kids, CancellationToken cancellationToken) =>
        Task.Run(async () =>
        {
            var sent = 0;
            var failures = new List<string>();
            var nodes = ClusterSetUp.System.DataPlanes;
            while (!cancellationToken.IsCancellationRequested)
            {
                var node = nodes[sent % nodes.Count];
                sent++;
                try
                {
                    var (status, body, response) = await Kong.ProxyAsync(node, HttpMethod.Get, path);
                    response.Dispose();
                    var token = status == HttpStatusCode.OK ? EchoedRequest.TryParse(body)?.Headers.GetValueOrDefault("jwt") : null;
                    var kid = token is null ? null : HeaderKid(token);
                    if (kid is null || !kids.Contains(kid))
                    {
                        failures.Add($"{node.Name}: {(int)status} {body}");
                    }
                }
                catch (HttpRequestException ex)
                {
                    failures.Add($"{node.Name}: {ex.Message}");
                }
            }

            return (sent, (IReadOnlyList<string>)failures);
        }, CancellationToken.None);

    private static string? Kid(EchoedRequest echo) => echo.Headers.TryGetValue("jwt", out var token) ? HeaderKid(token) : null;

    private static string? HeaderKid(string token) => Segment(token, 0)?["kid"]?.GetValue<string>();

    private static long Expiry(string token) => Segment(token, 1)?["exp"]?.GetValue<long>() ?? long.MaxValue;

    private static JsonNode? Segment(string token, int index)
    {
        var parts = token.Split('.');
        return parts.Length == 3 ? JsonNode.Parse(Base64Url.DecodeFromChars(parts[index])) : null;
    }

    private static HashSet<string> Kids(string jwks)
    {
        using var document = JsonDocument.Parse(jwks);
        return document.RootElement.GetProperty("keys").EnumerateArray().Select(k => k.GetProperty("kid").GetString()!).ToHashSet(StringComparer.Ordinal);
    }

    private static void Expect(AdminReply reply) =>
        Assert.That(reply.Status, Is.EqualTo(HttpStatusCode.Created), reply.ToString());
}
