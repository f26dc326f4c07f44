using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace HybridGateway.Proxy;

/// <summary>What one wrk run reported.</summary>
internal sealed record WrkResult(double RequestsPerSecond, long Requests, double P50Ms, double P99Ms, long Non2xx, string SocketErrors, string Output);

/// <summary>Runs wrk (optionally pinned with taskset) and parses its <c>--latency</c> report.</summary>
internal static partial class Wrk
{
    public static async Task<WrkResult> RunAsync(
        string? cpus, int threads, int connections, int seconds, string url, string? bearer, string? script, string? scriptArgument, CancellationToken cancellationToken)
    {
        var arguments = new List<string>();
        var fileName = "wrk";
        if (cpus is not null)
        {
            fileName = "taskset";
            arguments.AddRange(["-c", cpus, "wrk"]);
        }

        arguments.AddRange(["-t", Invariant(threads), "-c", Invariant(connections), "-d", $"{Invariant(seconds)}s", "--latency"]);
        if (bearer is not null)
        {
            arguments.AddRange(["-H", $"Authorization: Bearer {bearer}"]);
        }

        if (script is not null)
        {
            arguments.AddRange(["-s", script]);
        }

        arguments.Add(url);
        if (scriptArgument is not null)
        {
            arguments.AddRange(["--", scriptArgument]);
        }

        var info = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        arguments.ForEach(info.ArgumentList.Add);
        using var process = Process.Start(info) ?? throw new InvalidOperationException("could not start wrk");
        try
        {
            var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken);
            var output = await stdout + await stderr;
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"wrk exited {process.ExitCode}: {output}");
            }

            return Parse(output);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    public static WrkResult Parse(string output)
    {
        var rps = double.Parse(RequestsPerSecond().Match(output).Groups[1].Value, CultureInfo.InvariantCulture);
        var requests = long.Parse(Requests().Match(output).Groups[1].Value, CultureInfo.InvariantCulture);
        var non2xx = Non2xx().Match(output) is { Success: true } m ? long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
        var socket = SocketErrors().Match(output) is { Success: true } s ? s.Groups[1].Value.Trim() : string.Empty;
        return new WrkResult(rps, requests, Percentile(output, "50"), Percentile(output, "99"), non2xx, socket, output);
    }

    // "     99%    3.21ms" in the Latency Distribution block; wrk prints us, ms, s or m.
    private static double Percentile(string output, string percent)
    {
        var match = Regex.Match(output, $@"^\s+{percent}%\s+([0-9.]+)(us|ms|s|m)\s*$", RegexOptions.Multiline | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        if (!match.Success)
        {
            throw new FormatException($"no {percent}% line in wrk's output: {output}");
        }

        var value = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        return match.Groups[2].Value switch
        {
            "us" => value / 1000,
            "ms" => value,
            "s" => value * 1000,
            _ => value * 60_000,
        };
    }

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);

    [GeneratedRegex(@"Requests/sec:\s+([0-9.]+)", RegexOptions.CultureInvariant)]
    private static partial Regex RequestsPerSecond();

    [GeneratedRegex(@"^\s*([0-9]+) requests in", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex Requests();

    [GeneratedRegex(@"Non-2xx or 3xx responses:\s+([0-9]+)", RegexOptions.CultureInvariant)]
    private static partial Regex Non2xx();

    [GeneratedRegex(@"Socket errors:(.*)$", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex SocketErrors();
}
