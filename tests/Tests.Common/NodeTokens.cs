using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace HybridGateway.Tests.Common;

/// <summary>A credential minted by <c>tests/js-tokens/mint.mjs</c>: an HS secret, or a PEM key pair.</summary>
public sealed record NodeCredential(string Alg, string Key, string? Secret, string? PublicKeyPem, string? PrivateKeyPem);

/// <summary>What one run of <c>mint.mjs</c> made: credentials, and tokens by algorithm and variant.</summary>
public sealed class MintedTokens
{
    internal MintedTokens(long now, IReadOnlyList<NodeCredential> credentials, IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> tokens)
    {
        Now = now;
        Credentials = credentials;
        Tokens = tokens;
    }

    /// <summary>The unix time the tokens' time claims are relative to.</summary>
    public long Now { get; }

    public IReadOnlyList<NodeCredential> Credentials { get; }

    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Tokens { get; }

    public NodeCredential Credential(string alg) => Credentials.Single(c => c.Alg == alg);

    public string Token(string alg, string variant) =>
        Tokens.TryGetValue(alg, out var variants) && variants.TryGetValue(variant, out var token)
            ? token
            : throw new KeyNotFoundException($"mint.mjs made no '{variant}' token for {alg}");
}

/// <summary>
/// Runs the npm-based token tools in <c>tests/js-tokens</c> (jose and jsonwebtoken, installed by <c>./gw test</c>), so
/// tests get tokens signed by code that is not ours. One process per call: callers mint everything they need at once.
/// </summary>
public static class NodeTokens
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    /// <summary>The folder holding package.json, the scripts and (after <c>npm ci</c>) node_modules.</summary>
    public static string Directory => Path.Combine(RepoRoot.Path, "tests", "js-tokens");

    /// <summary>
    /// Mints credentials and every token variant for <paramref name="algs"/> (all 13 Kong algorithms when null); the
    /// credential keys are "<paramref name="keyPrefix"/>-ALG".
    /// </summary>
    public static async Task<MintedTokens> MintAsync(string keyPrefix, IEnumerable<string>? algs = null)
    {
        var request = new JsonObject { ["keyPrefix"] = keyPrefix };
        if (algs is not null)
        {
            request["algs"] = new JsonArray([.. algs.Select(a => JsonValue.Create(a))]);
        }

        using var answer = JsonDocument.Parse(await RunAsync("mint.mjs", request.ToJsonString()));
        var root = answer.RootElement;
        var credentials = root.GetProperty("credentials").EnumerateArray().Select(c => new NodeCredential(
            c.GetProperty("alg").GetString()!,
            c.GetProperty("key").GetString()!,
            c.GetProperty("secret").GetString(),
            c.GetProperty("publicKeyPem").GetString(),
            c.GetProperty("privateKeyPem").GetString())).ToList();
        var tokens = root.GetProperty("tokens").EnumerateObject().ToDictionary(
            alg => alg.Name,
            alg => (IReadOnlyDictionary<string, string>)alg.Value.EnumerateObject().ToDictionary(v => v.Name, v => v.Value.GetString()!));
        return new MintedTokens(root.GetProperty("now").GetInt64(), credentials, tokens);
    }

    /// <summary>
    /// The Kong tutorial's signing step (<c>jwt.sign({ iss: key }, secret, { algorithm })</c> with jsonwebtoken) for each
    /// request; <paramref name="requests"/> items are <c>{key, secret, algorithm, claims?, noTimestamp?}</c>.
    /// </summary>
    public static async Task<IReadOnlyList<string>> TutorialTokensAsync(params object[] requests)
    {
        var answer = await RunAsync("tutorial-token.cjs", JsonSerializer.Serialize(requests));
        return JsonSerializer.Deserialize<string[]>(answer) ?? throw new InvalidOperationException($"tutorial-token.cjs answered {answer}");
    }

    /// <summary>Runs `node <paramref name="script"/>` in <see cref="Directory"/> with <paramref name="stdin"/>; returns stdout.</summary>
    public static async Task<string> RunAsync(string script, string stdin)
    {
        if (!System.IO.Directory.Exists(Path.Combine(Directory, "node_modules")))
        {
            throw new InvalidOperationException($"{Directory}/node_modules is missing: run ./gw test, or `npm ci` in that folder");
        }

        var info = new ProcessStartInfo("node")
        {
            ArgumentList = { script },
            WorkingDirectory = Directory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(info) ?? throw new InvalidOperationException("node did not start");
        using var timeout = new CancellationTokenSource(Deadline);
        try
        {
            var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
            await process.StandardInput.WriteAsync(stdin);
            process.StandardInput.Close();
            await process.WaitForExitAsync(timeout.Token);
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"node {script} exited with {process.ExitCode}: {await stderr}");
            }

            return await stdout;
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            throw new TimeoutException($"node {script} did not finish within {Deadline.TotalSeconds} s");
        }
        finally
        {
            // Never leave a node process behind, whatever happened above.
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }
}
