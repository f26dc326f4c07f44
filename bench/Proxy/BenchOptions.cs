using System.Globalization;

namespace HybridGateway.Proxy;

/// <summary>The command line of <c>gw bench proxy</c>.</summary>
internal sealed record BenchOptions(int DurationSeconds, int WarmupSeconds, int Rounds, int Connections, int Threads, int PoolSize, bool Pin, IReadOnlySet<string>? Only)
{
    public const string Usage =
        "usage: gw bench proxy [--duration 10s] [--warmup 5s] [--rounds 3] [--connections 32] [--threads 1] [--pool 12000] [--no-pin] [--only name,name]"
        + " (names: lines, or the group upstream-jwt for the six POST lines)";

    /// <summary>The POST lines' body sizes and their labels in the line names (<c>dp-post-1k-none</c>, …).</summary>
    public static readonly IReadOnlyList<(string Label, int Bytes)> BodySizes = [("1k", 1024), ("1m", 1024 * 1024)];

    /// <summary><c>--only</c> groups: a name that stands for several lines.</summary>
    private static readonly Dictionary<string, string[]> Groups = new(StringComparer.Ordinal)
    {
        ["upstream-jwt"] = [.. BodySizes.SelectMany(b => new[] { $"direct-post-{b.Label}", $"dp-post-{b.Label}-none", $"dp-post-{b.Label}-upstream-jwt" })],
    };

    public static BenchOptions Parse(string[] args)
    {
        var options = new BenchOptions(10, 5, 3, 32, 1, 12_000, true, null);
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value. {Usage}");
            options = args[i] switch
            {
                "--duration" => options with { DurationSeconds = Seconds(Value()) },
                "--warmup" => options with { WarmupSeconds = Seconds(Value()) },
                "--rounds" => options with { Rounds = int.Parse(Value(), CultureInfo.InvariantCulture) },
                "--connections" => options with { Connections = int.Parse(Value(), CultureInfo.InvariantCulture) },
                "--threads" => options with { Threads = int.Parse(Value(), CultureInfo.InvariantCulture) },
                "--pool" => options with { PoolSize = int.Parse(Value(), CultureInfo.InvariantCulture) },
                "--no-pin" => options with { Pin = false },
                "--only" => options with
                {
                    Only = Value().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                        .SelectMany(name => Groups.GetValueOrDefault(name) ?? [name]).ToHashSet(StringComparer.Ordinal),
                },
                _ => throw new ArgumentException($"unknown argument {args[i]}. {Usage}"),
            };
        }

        if (options.DurationSeconds < 1 || options.Rounds < 1 || options.Connections < 1 || options.Threads < 1 || options.Connections < options.Threads || options.PoolSize < 1)
        {
            throw new ArgumentException($"duration ≥ 1 s, rounds ≥ 1, threads ≥ 1, connections ≥ threads and pool ≥ 1 are required. {Usage}");
        }

        return options;
    }

    // "10", "10s" or "1m", as wrk takes them.
    private static int Seconds(string text) =>
        text.EndsWith('m') ? 60 * int.Parse(text[..^1], CultureInfo.InvariantCulture)
        : int.Parse(text.TrimEnd('s'), CultureInfo.InvariantCulture);
}

/// <summary>
/// Where things run. On N ≥ 2 CPUs the server under test (the proxy, or the upstream in the direct line) gets the last
/// CPU to itself and wrk plus the upstream behind the proxies share the others; otherwise nothing is pinned.
/// </summary>
internal sealed record CpuLayout(string? Server, string? Client)
{
    public static CpuLayout For(int cpus, bool pin) =>
        !pin || cpus < 2 ? new CpuLayout(null, null)
        : new CpuLayout((cpus - 1).ToString(CultureInfo.InvariantCulture), cpus == 2 ? "0" : $"0-{cpus - 2}");

    public override string ToString() =>
        Server is null ? "not pinned" : $"server under test on CPU {Server}; wrk and the upstream behind the proxies on CPU {Client}";
}
