using System.Buffers.Text;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using HybridGateway.Proxy;
using HybridGateway.Tests.Common;

// Proxy throughput: wrk on loopback against the echo upstream (reference), plain YARP, and the real data plane
// (Release, configured through the control plane's Admin API) without a plugin, with jwt, and POSTing 1 KiB and 1 MiB
// bodies without a plugin and with upstream-jwt (with the data plane's allocation per request), in one run.
if (args.Length > 0 && args[0] == ServeCommands.Echo)
{
    return await ServeCommands.EchoAsync(args[1]);
}

if (args.Length > 0 && args[0] == ServeCommands.Sink)
{
    return await ServeCommands.SinkAsync(int.Parse(args[1], CultureInfo.InvariantCulture));
}

if (args.Length > 0 && args[0] == ServeCommands.Yarp)
{
    return await ServeCommands.YarpAsync(int.Parse(args[1], CultureInfo.InvariantCulture), args[2]);
}

BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (Exception ex) when (ex is ArgumentException or FormatException)
{
    Console.Error.WriteLine(ex.Message);
    return 2;
}

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // Unwind through the disposals below, which stop every process this bench started.
    e.Cancel = true;
    cancel.Cancel();
};

var layout = CpuLayout.For(Environment.ProcessorCount, options.Pin);
var loadBefore = LoadAverage();
Console.WriteLine($"proxy benchmark: {Environment.ProcessorCount} cores, load average {loadBefore}; wrk -t{options.Threads} -c{options.Connections}, " +
    $"{options.WarmupSeconds} s warm-up per line, then {options.Rounds} round(s) of {options.DurationSeconds} s per line; {layout}");

try
{
    return await RunAsync(options, layout, loadBefore, cancel.Token);
}
catch (OperationCanceledException) when (cancel.IsCancellationRequested)
{
    Console.Error.WriteLine("interrupted: every process the bench started has been stopped");
    return 130;
}

static async Task<int> RunAsync(BenchOptions options, CpuLayout layout, string loadBefore, CancellationToken cancellationToken)
{
    // Broker + control plane as in the end-to-end tests; the data plane is started here so it can be pinned.
    await using var system = await GatewaySystem.StartAsync("bench-proxy", dataPlanes: 0);
    var logs = Path.Combine(system.WorkDirectory, "logs");
    Console.WriteLine($"control plane up: admin {system.ControlPlane.AdminUrl}; logs {logs}");

    await using var upstream = await ServerProcess.StartSelfAsync("upstream", layout.Client, logs, ServeCommands.Echo, "bench-upstream");
    await using var direct = await ServerProcess.StartSelfAsync("upstream-direct", layout.Server, logs, ServeCommands.Echo, "bench-upstream-direct");
    await using var yarp = await ServerProcess.StartSelfAsync(
        "yarp", layout.Server, logs, ServeCommands.Yarp, FreePort.Next().ToString(CultureInfo.InvariantCulture), upstream.Url);
    await using var sink = await ServerProcess.StartSelfAsync("sink", layout.Client, logs, ServeCommands.Sink, FreePort.Next().ToString(CultureInfo.InvariantCulture));
    await using var directSink = await ServerProcess.StartSelfAsync("sink-direct", layout.Server, logs, ServeCommands.Sink, FreePort.Next().ToString(CultureInfo.InvariantCulture));

    string[] plainRoutes = ["none"];
    string[] algorithms = ["hs256", "rs256", "es256"];
    var jwtRoutes = algorithms.Concat(algorithms.Select(a => $"{a}-pool")).ToArray();
    using var rsa = RSA.Create(2048);
    using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    var credentials = await GatewaySetup.ConfigureAsync(system.ControlPlane.Admin, upstream.Url, plainRoutes, jwtRoutes, rsa, ecdsa);
    using var signingKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    await GatewaySetup.ConfigureBodiesAsync(system.ControlPlane.Admin, sink.Url, signingKey);

    var proxyPort = FreePort.Next();
    var statusPort = FreePort.Next();
    var cache = Path.Combine(system.WorkDirectory, "dp-cache");
    Directory.CreateDirectory(cache);
    await using var dataPlane = ServerProcess.StartHost("data-plane", layout.Server, RepoRoot.HostDll("DataPlane"), $"http://127.0.0.1:{proxyPort}", $"http://127.0.0.1:{statusPort}",
        new Dictionary<string, string?>
        {
            ["Proxy__Listen"] = $"http://127.0.0.1:{proxyPort}",
            // The benchmark measures the plain port; no TLS listener (and no fixed 8443 to clash on).
            ["Proxy__TlsListen"] = "off",
            ["Status__Listen"] = $"http://127.0.0.1:{statusPort}",
            ["ControlPlane__Url"] = system.ControlPlane.ClusterUrl,
            ["Cluster__Token"] = system.ControlPlane.Token,
            ["Cluster__SnapshotPublicKey"] = system.ControlPlane.SnapshotPublicKeyFile,
            ["RabbitMq__Url"] = system.Broker.Url,
            ["DataPlane__CacheDir"] = cache,
        },
        logs);
    using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
    await Poll.UntilAsync(
        async () =>
        {
            if (dataPlane.HasExited)
            {
                throw new InvalidOperationException($"the data plane exited during start-up{dataPlane.Diagnostics()}");
            }

            using var ready = await client.GetAsync(new Uri($"http://127.0.0.1:{statusPort}/health/ready"), cancellationToken);
            return ready.StatusCode == HttpStatusCode.OK;
        },
        TimeSpan.FromSeconds(60),
        "data plane /health/ready");
    Console.WriteLine($"data plane up: proxy {dataPlane.Url} (pid {dataPlane.Id}), yarp {yarp.Url}, upstream {upstream.Url}, direct upstream {direct.Url}");

    // One fixed token per algorithm (the verified-token cache answers after the first request) and pools of distinct
    // tokens, more than the cache holds and sent round-robin, so every request is verified.
    var work = Path.Combine(system.WorkDirectory, "tokens");
    Directory.CreateDirectory(work);
    var fixedTokens = credentials.ToDictionary(c => c.Algorithm.ToLowerInvariant(), c => c.Sign(JwtTokens.Claims(c.Key)));
    var pools = new Dictionary<string, string>();
    foreach (var credential in credentials)
    {
        var name = credential.Algorithm.ToLowerInvariant();
        if (!Wanted(options, $"dp-jwt-{name}-pool") && !(name == "rs256" && Wanted(options, "dp-none-lua")))
        {
            continue;
        }

        var watch = Stopwatch.StartNew();
        var file = Path.Combine(work, $"{name}-pool.txt");
        await File.WriteAllLinesAsync(file, Enumerable.Range(0, options.PoolSize).Select(i => credential.Sign(JwtTokens.Claims(credential.Key, i))), cancellationToken);
        pools[name] = file;
        Console.WriteLine($"signed {options.PoolSize} distinct {credential.Algorithm} tokens in {watch.Elapsed.TotalSeconds:0.0} s");
    }

    var floor = CryptoFloor.Measure(rsa, ecdsa);
    Console.WriteLine($"signature check, .NET primitives, CPU time per check: {string.Join(", ", floor.Select(f => string.Create(CultureInfo.InvariantCulture, $"{f.Algorithm} {f.MicrosPerVerify:0.0} µs")))}");

    var scripts = new WrkScripts(Path.Combine(AppContext.BaseDirectory, "token-pool.lua"), Path.Combine(AppContext.BaseDirectory, "post-body.lua"));
    var scenarios = new List<Scenario>
    {
        new("direct", "echo upstream, no proxy (reference)", direct, direct.Url + "/", null, null, false),
        new("yarp", "plain YARP → upstream (baseline of baselines)", yarp, yarp.Url + "/", null, null, false),
        new("dp-none", "data plane, route without plugin", dataPlane, dataPlane.Url + "/none", null, null, false),

        // The same request bytes as dp-jwt-rs256 (and, echoed, most of its response) without the plugin: what the
        // plugin itself costs, apart from carrying a token.
        new("dp-none-bearer", "control: dp-none with the RS256 token in Authorization (no plugin)", dataPlane, dataPlane.Url + "/none", fixedTokens["rs256"], null, false),
    };
    scenarios.AddRange(algorithms.Select(a => new Scenario($"dp-jwt-{a}", $"data plane, jwt {a.ToUpperInvariant()}, one token (cache hit)", dataPlane, $"{dataPlane.Url}/{a}", fixedTokens[a], null, true)));
    if (pools.TryGetValue("rs256", out var rsPool))
    {
        scenarios.Add(new("dp-none-lua", "control: dp-none, wrk Lua sending the RS256 pool (Lua + header cost)", dataPlane, dataPlane.Url + "/none", null, rsPool, false));
    }

    // The data plane's cache holds 10,000 tokens and starts over when full: a larger pool, sent in order, never hits.
    var poolNote = options.PoolSize > 10_000 ? "no cache hit" : "fits the cache: hits after the first pass";
    scenarios.AddRange(algorithms.Where(pools.ContainsKey).Select(a => new Scenario(
        $"dp-jwt-{a}-pool", $"data plane, jwt {a.ToUpperInvariant()}, {options.PoolSize} tokens round-robin ({poolNote})", dataPlane, $"{dataPlane.Url}/{a}-pool", null, pools[a], true)));

    // The same POST through the data plane without a plugin and with upstream-jwt, which hashes the body as it
    // buffers it (64 KiB in memory, the rest in a temporary file) and signs a token per request.
    // The direct lines (wrk → a sink alone on the server CPU) show what the client CPU and loopback allow with these bodies.
    foreach (var (label, bytes) in BenchOptions.BodySizes)
    {
        scenarios.Add(new($"direct-post-{label}", $"body sink, POST {label} body, no proxy (reference)", directSink, directSink.Url + "/", null, null, false, bytes, directSink));
        scenarios.Add(new($"dp-post-{label}-none", $"data plane, POST {label} body, route without plugin", dataPlane, dataPlane.Url + "/post-none", null, null, false, bytes, sink));
        scenarios.Add(new($"dp-post-{label}-upstream-jwt", $"data plane, POST {label} body, upstream-jwt (ES256, key set)", dataPlane, dataPlane.Url + "/post-upstream-jwt", null, null, false, bytes, sink));
    }

    scenarios.RemoveAll(s => !Wanted(options, s.Name));

    // Every line is checked and warmed up before any is measured: the data plane's JIT warm-up (tiering on one pinned
    // CPU is slow) would otherwise fall on whichever data plane line comes first, and flatter the ones after it.
    foreach (var scenario in scenarios)
    {
        var probe = scenario.Bearer ?? (scenario.PoolFile is null ? null : File.ReadLines(scenario.PoolFile).First());
        if (scenario.BodyBytes is { } bodyBytes)
        {
            await CheckBodyAsync(client, scenario, bodyBytes, signingKey, cancellationToken);
        }
        else
        {
            await CheckAsync(client, scenario, probe, cancellationToken);
        }

        if (options.WarmupSeconds > 0)
        {
            var (script, argument) = scripts.For(scenario);
            await Wrk.RunAsync(layout.Client, options.Threads, options.Connections, options.WarmupSeconds, scenario.Url, scenario.Bearer, script, argument, cancellationToken);
        }
    }

    // Rounds run every scenario in turn, so a noisy neighbour's burst hits one sample of each, not a whole scenario;
    // every other round runs backwards (ABC CBA ABC), so a drift within a round does not always favour the same lines.
    var samples = scenarios.ToDictionary(s => s, _ => new List<Sample>());
    for (var round = 1; round <= options.Rounds; round++)
    {
        foreach (var scenario in round % 2 == 1 ? scenarios : Enumerable.Reverse(scenarios))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (script, argument) = scripts.For(scenario);
            var runtimeBefore = scenario.Server.StatusUrl is { } status ? await RuntimeFigures.ReadAsync(client, status, cancellationToken) : null;
            var sinkBefore = scenario.Sink is { } bodySink ? await SinkStatsAsync(client, bodySink, cancellationToken) : null;
            var peakReset = scenario.Server.ResetPeakResident();
            var cpuBefore = scenario.Server.CpuTime();
            var result = await Wrk.RunAsync(layout.Client, options.Threads, options.Connections, options.DurationSeconds, scenario.Url, scenario.Bearer, script, argument, cancellationToken);
            var cpu = (scenario.Server.CpuTime() - cpuBefore).TotalMicroseconds / Math.Max(1, result.Requests);
            var memory = runtimeBefore is null ? null
                : MemorySample.Between(runtimeBefore, await RuntimeFigures.ReadAsync(client, scenario.Server.StatusUrl!, cancellationToken), result.Requests, scenario.Server.PeakResidentBytes(), peakReset);
            var bodyCheck = sinkBefore is null ? string.Empty : BodyCheck(scenario, sinkBefore, await SinkStatsAsync(client, scenario.Sink!, cancellationToken));
            samples[scenario].Add(new Sample(result, cpu, memory, bodyCheck));
            var memoryText = memory is null ? string.Empty
                : string.Create(CultureInfo.InvariantCulture, $"  alloc {memory.AllocatedBytesPerRequest / 1024,7:0.0} KiB/req  peak RSS {memory.PeakResidentBytes / 1048576.0,5:0} MiB  GCs {memory.Gen0}/{memory.Gen1}/{memory.Gen2}");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  round {round} {scenario.Name,-18} {result.RequestsPerSecond,9:0} req/s  p50 {result.P50Ms,6:0.00} ms  p99 {result.P99Ms,6:0.00} ms  server CPU {cpu,5:0} µs/req{memoryText}{Errors(result)}{bodyCheck}"));
        }
    }

    var report = Report(options, layout, loadBefore, LoadAverage(), samples, floor);
    Console.WriteLine();
    Console.Write(report);
    var output = Path.Combine(RepoRoot.Path, "artifacts", "bench", $"proxy-{DateTime.UtcNow:yyyyMMdd-HHmmss}.txt");
    Directory.CreateDirectory(Path.GetDirectoryName(output)!);
    var raw = string.Concat(samples.SelectMany(s => s.Value.Select((sample, i) =>
        $"{Environment.NewLine}--- wrk output, {s.Key.Name} round {i + 1} ({s.Key.Url}){Environment.NewLine}{sample.Result.Output}")));
    await File.WriteAllTextAsync(output, report + raw, CancellationToken.None);
    Console.WriteLine($"written to {output}");
    return 0;
}

// The sink's count of bodies read in full, asked directly (not through the proxy).
static async Task<SinkStats> SinkStatsAsync(HttpClient client, ServerProcess sink, CancellationToken cancellationToken) =>
    await client.GetFromJsonAsync(new Uri(sink.Url + ServeCommands.SinkStatsPath), SinkJson.Default.SinkStats, cancellationToken)
    ?? throw new InvalidOperationException("the sink answered no stats");

// After a POST line's run: every body the upstream read in full had the size wrk was told to send (a bodyless or
// truncated request would otherwise pass for throughput).
static string BodyCheck(Scenario scenario, SinkStats before, SinkStats after)
{
    var requests = after.Requests - before.Requests;
    var bytes = after.Bytes - before.Bytes;
    return requests > 0 && bytes == requests * scenario.BodyBytes!.Value ? string.Empty
        : $" [upstream read {requests} bodies, {bytes} bytes: not {scenario.BodyBytes} bytes each!]";
}

// One POST before a body line's load: 200 from the sink, which read the whole body; with upstream-jwt the sink got a
// token whose ES256 signature verifies with the key set's key and whose payloadhash is the body's SHA-256; without
// it, no token.
static async Task CheckBodyAsync(HttpClient client, Scenario scenario, int bodyBytes, ECDsa signingKey, CancellationToken cancellationToken)
{
    var body = Encoding.ASCII.GetBytes(new string('x', bodyBytes));
    using var content = new ByteArrayContent(body);
    content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/octet-stream");
    using var response = await client.PostAsync(scenario.Url, content, cancellationToken);
    var text = await response.Content.ReadAsStringAsync(cancellationToken);
    var answer = response.StatusCode == HttpStatusCode.OK ? JsonSerializer.Deserialize(text, SinkJson.Default.SinkAnswer) : null;
    var signed = scenario.Name.EndsWith("upstream-jwt", StringComparison.Ordinal);
    string? problem = answer is null ? "no answer from the sink"
        : answer.Bytes != bodyBytes ? $"the sink read {answer.Bytes} bytes"
        : !signed ? (answer.Jwt is null ? null : "a token without the plugin")
        : answer.Jwt is not { } jwt ? "no token"
        : VerifyUpstreamToken(jwt, signingKey, Convert.ToHexStringLower(SHA256.HashData(body)));
    if (problem is not null)
    {
        throw new InvalidOperationException($"{scenario.Name}: POST {scenario.Url} ({bodyBytes} bytes): {problem}; answered {(int)response.StatusCode} {text}");
    }
}

// null when the token's ES256 signature verifies and its kid and payloadhash are the expected ones, else what is wrong.
static string? VerifyUpstreamToken(string token, ECDsa key, string payloadHash)
{
    var parts = token.Split('.');
    if (parts.Length != 3 || !key.VerifyData(Encoding.ASCII.GetBytes($"{parts[0]}.{parts[1]}"), Base64Url.DecodeFromChars(parts[2]), HashAlgorithmName.SHA256))
    {
        return $"the token does not verify with the key set's key: {token}";
    }

    using var header = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[0]));
    using var claims = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[1]));
    return header.RootElement.GetProperty("kid").GetString() != GatewaySetup.SigningKeyId ? $"kid is not {GatewaySetup.SigningKeyId}: {token}"
        : claims.RootElement.GetProperty("payloadhash").GetString() != payloadHash ? $"payloadhash is not the body's SHA-256: {token}"
        : null;
}

// One request before the load: the route answers 200 from the upstream, and the jwt routes name the bench consumer
// (a fast 401 would otherwise pass for throughput).
static async Task CheckAsync(HttpClient client, Scenario scenario, string? bearer, CancellationToken cancellationToken)
{
    using var request = new HttpRequestMessage(HttpMethod.Get, scenario.Url);
    if (bearer is not null)
    {
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", bearer);
    }

    using var response = await client.SendAsync(request, cancellationToken);
    var body = await response.Content.ReadAsStringAsync(cancellationToken);
    var echo = EchoedRequest.TryParse(body);
    if (response.StatusCode != HttpStatusCode.OK || echo is null
        || (scenario.ExpectConsumer && echo.Headers.GetValueOrDefault("x-consumer-username") != GatewaySetup.Consumer))
    {
        throw new InvalidOperationException($"{scenario.Name}: GET {scenario.Url} answered {(int)response.StatusCode} {body}");
    }
}

static string Report(
    BenchOptions options, CpuLayout layout, string loadBefore, string loadAfter, Dictionary<Scenario, List<Sample>> samples, IReadOnlyList<(string Algorithm, double MicrosPerVerify)> floor)
{
    var rows = samples.Select(s => new
    {
        s.Key,
        Rps = Median(s.Value.Select(x => x.Result.RequestsPerSecond)),
        Min = s.Value.Min(x => x.Result.RequestsPerSecond),
        Max = s.Value.Max(x => x.Result.RequestsPerSecond),
        P50 = Median(s.Value.Select(x => x.Result.P50Ms)),
        P99 = Median(s.Value.Select(x => x.Result.P99Ms)),
        Cpu = Median(s.Value.Select(x => x.CpuMicrosPerRequest)),
        Non2xx = s.Value.Sum(x => x.Result.Non2xx),
        Errors = string.Concat(s.Value.Select(x => Errors(x.Result) + x.BodyCheck).Distinct()),
        Alloc = s.Value.All(x => x.Memory is not null) ? Median(s.Value.Select(x => x.Memory!.AllocatedBytesPerRequest)) : (double?)null,
    }).ToList();
    // Ratios pair each round's sample with the baseline's sample of the same round (a minute apart at most), then take
    // the median: on a shared machine the load drifts between rounds far more than within one.
    double? PairedRatio(Scenario scenario, string baseline)
    {
        var other = samples.Keys.FirstOrDefault(k => k.Name == baseline);
        return other is null ? null : Median(samples[scenario].Zip(samples[other], (a, b) => a.Result.RequestsPerSecond / b.Result.RequestsPerSecond));
    }

    static string Format(double? ratio) => ratio is { } r ? r.ToString("0.00", CultureInfo.InvariantCulture) : "-";
    var report = new StringBuilder();
    report.AppendLine(CultureInfo.InvariantCulture, $"proxy throughput, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, Release");
    report.AppendLine(CultureInfo.InvariantCulture,
        $"wrk -t{options.Threads} -c{options.Connections} -d{options.DurationSeconds}s --latency, {options.Rounds} round(s) after a {options.WarmupSeconds} s warm-up of every line; {layout}");
    report.AppendLine(CultureInfo.InvariantCulture, $"load average before {loadBefore}, after {loadAfter}");
    report.AppendLine(CultureInfo.InvariantCulture,
        $"one signature check (.NET primitives, CPU time): {string.Join(", ", floor.Select(f => string.Create(CultureInfo.InvariantCulture, $"{f.Algorithm} {f.MicrosPerVerify:0.0} µs")))}");
    report.AppendLine();
    report.AppendLine("req/s, p50, p99, CPU: medians over the rounds; ratios: median over the rounds of this line's req/s ÷ the baseline's in the same round");
    report.AppendLine("alloc: the data plane's managed bytes allocated per request (GET /status/runtime before and after the run), median over the rounds");
    report.AppendLine("| scenario | req/s | min–max | p50 ms | p99 ms | server CPU µs/req | alloc KiB/req | ÷ dp-none | ÷ yarp | what |");
    report.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|");
    foreach (var row in rows)
    {
        var control = row.Key.PoolFile is not null && row.Key.Name != "dp-none-lua" ? ("dp-none-lua", PairedRatio(row.Key, "dp-none-lua"))
            : row.Key.ExpectConsumer ? ("dp-none-bearer", PairedRatio(row.Key, "dp-none-bearer"))
            : BodyBaseline(row.Key) is { } bodyBaseline ? (bodyBaseline, PairedRatio(row.Key, bodyBaseline))
            : (null, null);
        var what = row.Key.What + row.Errors + (control.Item2 is null ? string.Empty : $"; ÷ {control.Item1} {Format(control.Item2)}");
        report.AppendLine(CultureInfo.InvariantCulture,
            $"| {row.Key.Name} | {row.Rps:0} | {row.Min:0}–{row.Max:0} | {row.P50:0.00} | {row.P99:0.00} | {row.Cpu:0} | {(row.Alloc is { } alloc ? (alloc / 1024).ToString("0.0", CultureInfo.InvariantCulture) : "-")} | {Format(PairedRatio(row.Key, "dp-none"))} | {Format(PairedRatio(row.Key, "yarp"))} | {what} |");
    }

    var cached = rows.Where(r => r.Key.ExpectConsumer && r.Key.PoolFile is null).ToList();
    if (samples.Keys.Any(k => k.Name == "dp-none") && cached.Count > 0)
    {
        var worst = cached.MinBy(r => PairedRatio(r.Key, "dp-none"))!;
        var ratio = PairedRatio(worst.Key, "dp-none")!.Value;
        report.AppendLine();
        report.AppendLine(CultureInfo.InvariantCulture,
            $"aim (issue 3) jwt throughput ≥ 90% of dp-none: {(ratio >= 0.9 && cached.All(r => r.Non2xx == 0) ? "met" : "NOT met")} (worst {worst.Key.Name} at {ratio:P1})");
    }

    report.Append(BodyReport(samples, PairedRatio));
    return report.ToString();
}

// The POST lines side by side: upstream-jwt against no plugin at each body size (paired by round), and whether its
// extra allocation per request grows with the body (it should not: the body streams through a bounded buffer).
static string BodyReport(Dictionary<Scenario, List<Sample>> samples, Func<Scenario, string, double?> pairedRatio)
{
    var report = new StringBuilder();
    var extras = new List<(string Label, int Bytes, double Extra)>();
    foreach (var (label, bytes) in BenchOptions.BodySizes)
    {
        var none = samples.Keys.FirstOrDefault(k => k.Name == $"dp-post-{label}-none");
        var signed = samples.Keys.FirstOrDefault(k => k.Name == $"dp-post-{label}-upstream-jwt");
        var direct = samples.Keys.FirstOrDefault(k => k.Name == $"direct-post-{label}");
        if (none is null || signed is null)
        {
            continue;
        }

        if (extras.Count == 0)
        {
            report.AppendLine();
            report.AppendLine("POST bodies, upstream-jwt against no plugin (same run; req/s ratio and extra allocation paired by round, then the median; peak RSS: the largest VmHWM of the rounds)");
            report.AppendLine("| body | direct req/s | no plugin req/s | upstream-jwt req/s | ratio | p50 ms none / jwt | p99 ms none / jwt | alloc KiB/req none / jwt | extra KiB/req | peak RSS MiB none / jwt | GCs gen0/1/2 none / jwt |");
            report.AppendLine("|---|---:|---:|---:|---:|---|---|---|---:|---|---|");
        }

        double Med(Scenario s, Func<Sample, double> f) => Median(samples[s].Select(f));
        string Gcs(Scenario s) => $"{samples[s].Sum(x => x.Memory?.Gen0 ?? 0)}/{samples[s].Sum(x => x.Memory?.Gen1 ?? 0)}/{samples[s].Sum(x => x.Memory?.Gen2 ?? 0)}";
        double Peak(Scenario s) => samples[s].Max(x => x.Memory?.PeakResidentBytes ?? 0) / 1048576.0;
        var hasMemory = samples[none].Concat(samples[signed]).All(x => x.Memory is not null);
        var extra = hasMemory
            ? Median(samples[signed].Zip(samples[none], (a, b) => a.Memory!.AllocatedBytesPerRequest - b.Memory!.AllocatedBytesPerRequest))
            : double.NaN;
        if (hasMemory)
        {
            extras.Add((label, bytes, extra));
        }

        report.AppendLine(CultureInfo.InvariantCulture,
            $"| {label} | {(direct is null ? "-" : Med(direct, x => x.Result.RequestsPerSecond).ToString("0", CultureInfo.InvariantCulture))} | {Med(none, x => x.Result.RequestsPerSecond):0} | {Med(signed, x => x.Result.RequestsPerSecond):0} | {pairedRatio(signed, none.Name):0.00} " +
            $"| {Med(none, x => x.Result.P50Ms):0.00} / {Med(signed, x => x.Result.P50Ms):0.00} | {Med(none, x => x.Result.P99Ms):0.00} / {Med(signed, x => x.Result.P99Ms):0.00} " +
            $"| {Med(none, x => x.Memory?.AllocatedBytesPerRequest ?? double.NaN) / 1024:0.0} / {Med(signed, x => x.Memory?.AllocatedBytesPerRequest ?? double.NaN) / 1024:0.0} | {extra / 1024:0.0} " +
            $"| {Peak(none):0} / {Peak(signed):0} | {Gcs(none)} / {Gcs(signed)} |");
    }

    if (extras.Count == 2)
    {
        // Buffering the body in memory would add about the body's size per request; streaming adds nothing that scales.
        var growth = extras[1].Extra - extras[0].Extra;
        var share = growth / (extras[1].Bytes - extras[0].Bytes);
        var verdict = share < 0.005 ? "does not grow with the body"
            : share < 0.5 ? "no body-sized buffer (that would add 100% or more), but a cost per chunk of body that grows with it"
            : "GROWS like the body: it is buffered in memory";
        report.AppendLine();
        report.AppendLine(CultureInfo.InvariantCulture,
            $"upstream-jwt's extra allocation per request: {extras[0].Extra / 1024:0.0} KiB at {extras[0].Label}, {extras[1].Extra / 1024:0.0} KiB at {extras[1].Label}: " +
            $"{growth / 1024:+0.0;-0.0} KiB for {(extras[1].Bytes - extras[0].Bytes) / 1024} KiB more body ({share:P1} of the added bytes); {verdict}");
    }

    return report.ToString();
}

// The no-plugin line a POST line with upstream-jwt is compared with.
static string? BodyBaseline(Scenario scenario) =>
    scenario.BodyBytes is not null && scenario.Name.EndsWith("-upstream-jwt", StringComparison.Ordinal) ? scenario.Name[..^"upstream-jwt".Length] + "none" : null;

static double Median(IEnumerable<double> values)
{
    var sorted = values.Order().ToArray();
    return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
}

static string Errors(WrkResult result) =>
    (result.Non2xx > 0 ? $" [{result.Non2xx} non-2xx!]" : string.Empty) + (result.SocketErrors.Length > 0 ? $" [socket errors: {result.SocketErrors}]" : string.Empty);

static bool Wanted(BenchOptions options, string name) => options.Only is null || options.Only.Contains(name);

static string LoadAverage() => string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));

/// <summary>
/// One measured run of a scenario: wrk's report, the server's CPU time per request, the data plane's memory figures
/// (null for the bench's own servers) and, on the POST lines, what was wrong with the bodies the upstream read (empty if nothing).
/// </summary>
internal sealed record Sample(WrkResult Result, double CpuMicrosPerRequest, MemorySample? Memory, string BodyCheck);

/// <summary>One line of the table: what wrk hits, which process serves it, with which token(s), or which body size and to which sink.</summary>
internal sealed record Scenario(
    string Name, string What, ServerProcess Server, string Url, string? Bearer, string? PoolFile, bool ExpectConsumer, int? BodyBytes = null, ServerProcess? Sink = null);

/// <summary>wrk's Lua scripts: the token pool's and the POST body's, and which one a scenario uses with which argument.</summary>
internal sealed record WrkScripts(string TokenPool, string PostBody)
{
    public (string? Script, string? Argument) For(Scenario scenario) =>
        scenario.PoolFile is { } pool ? (TokenPool, pool)
        : scenario.BodyBytes is { } bytes ? (PostBody, bytes.ToString(CultureInfo.InvariantCulture))
        : (null, null);
}
