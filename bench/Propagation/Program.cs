using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using HybridGateway.Propagation;
using HybridGateway.Tests.Common;
using MassTransit;

// Config propagation: the time from the Admin API's 201 (a new route) until BOTH data planes proxy that route,
// over N changes, next to baselines measured in the same run on the same machine.
var changes = IntArg(args, "--changes", 100);
var warmup = IntArg(args, "--warmup", 10);
var gapMs = IntArg(args, "--gap-ms", 50);
Console.WriteLine($"propagation benchmark: {changes} changes (+{warmup} warm-up), {gapMs} ms quiet gap between changes, {Environment.ProcessorCount} cores");

await using var upstream = await EchoUpstream.StartAsync("bench-upstream");
await using var system = await GatewaySystem.StartAsync("bench");
Console.WriteLine($"system up: admin {system.ControlPlane.AdminUrl}, proxies {string.Join(", ", system.DataPlanes.Select(d => d.ProxyUrl))}, logs {system.WorkDirectory}/logs");
var admin = system.ControlPlane.Admin;

using (var created = await admin.PostAsJsonAsync("/services", new { name = "bench", url = upstream.Url }))
{
    if (created.StatusCode != HttpStatusCode.Created)
    {
        throw new InvalidOperationException($"POST /services: {(int)created.StatusCode} {await created.Content.ReadAsStringAsync()}");
    }
}

var propagation = new List<double>();
var adminRoundTrip = new List<double>();
var proxyRoundTrip = new List<double>();
for (var i = 0; i < warmup + changes; i++)
{
    var path = $"/bench-{i}-{Guid.NewGuid():N}";
    var request = new FormUrlEncodedContent([new("paths[]", path), new("name", $"bench-route-{i}")]);
    var sent = Stopwatch.GetTimestamp();
    using var response = await admin.PostAsync(new Uri("/services/bench/routes", UriKind.Relative), request);
    var created = Stopwatch.GetTimestamp();
    if (response.StatusCode != HttpStatusCode.Created)
    {
        throw new InvalidOperationException($"POST /services/bench/routes: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    // Both nodes polled concurrently from the 201 on; the change counts when the slower one proxies it.
    var perNode = await Task.WhenAll(system.DataPlanes.Select(node => UntilProxiedAsync(node, path, created)));
    if (i >= warmup)
    {
        propagation.Add(perNode.Max());
        adminRoundTrip.Add(Stopwatch.GetElapsedTime(sent, created).TotalMilliseconds);

        // Baseline: one proxied request on a route that already works (the poll's own cost).
        var before = Stopwatch.GetTimestamp();
        using var proxied = await system.DataPlanes[i % system.DataPlanes.Count].Proxy.GetAsync(new Uri(path, UriKind.Relative));
        proxyRoundTrip.Add(Stopwatch.GetElapsedTime(before).TotalMilliseconds);
    }

    if (gapMs > 0)
    {
        await Task.Delay(gapMs);
    }
}

// Baseline: a bare MassTransit publish → consume over the same broker (the transport floor of any propagation).
var rabbit = await RabbitRoundTripAsync(system.Broker.Url, warmup, changes, gapMs);

var report = new StringBuilder();
report.AppendLine(CultureInfo.InvariantCulture, $"propagation (201 → both nodes proxy), n={propagation.Count}: {Stats(propagation)}");
report.AppendLine(CultureInfo.InvariantCulture, $"baseline Admin API POST round trip:            {Stats(adminRoundTrip)}");
report.AppendLine(CultureInfo.InvariantCulture, $"baseline proxy round trip (existing route):    {Stats(proxyRoundTrip)}");
report.AppendLine(CultureInfo.InvariantCulture, $"baseline MassTransit publish → consume:         {Stats(rabbit)}");
report.AppendLine(CultureInfo.InvariantCulture,
    $"ratio propagation / Admin API round trip: p50 {Percentile(propagation, 50) / Percentile(adminRoundTrip, 50):0.0}x, p99 {Percentile(propagation, 99) / Percentile(adminRoundTrip, 99):0.0}x");
report.AppendLine(CultureInfo.InvariantCulture,
    $"ratio propagation / bus publish→consume:  p50 {Percentile(propagation, 50) / Percentile(rabbit, 50):0.0}x, p99 {Percentile(propagation, 99) / Percentile(rabbit, 99):0.0}x");
var p99 = Percentile(propagation, 99);
report.AppendLine(CultureInfo.InvariantCulture, $"aim p99 < 100 ms: {(p99 < 100 ? "met" : "NOT met")} (p99 {p99:0.0} ms)");
Console.WriteLine();
Console.Write(report);
var output = Path.Combine(RepoRoot.Path, "artifacts", "bench", $"propagation-{DateTime.UtcNow:yyyyMMdd-HHmmss}.txt");
Directory.CreateDirectory(Path.GetDirectoryName(output)!);
await File.WriteAllTextAsync(output, report.ToString());
Console.WriteLine($"written to {output}");
return 0;

static async Task<double> UntilProxiedAsync(DataPlaneNode node, string path, long since)
{
    var deadline = TimeSpan.FromSeconds(30);
    while (true)
    {
        using var response = await node.Proxy.GetAsync(new Uri(path, UriKind.Relative));
        if (response.StatusCode == HttpStatusCode.OK)
        {
            return Stopwatch.GetElapsedTime(since).TotalMilliseconds;
        }

        if (Stopwatch.GetElapsedTime(since) > deadline)
        {
            throw new TimeoutException($"{node.Name} did not proxy {path} within {deadline.TotalSeconds} s{node.Diagnostics()}");
        }

        await Task.Delay(1);
    }
}

static async Task<List<double>> RabbitRoundTripAsync(string url, int warmup, int count, int gapMs)
{
    var received = new BenchPingConsumer();
    var bus = Bus.Factory.CreateUsingRabbitMq(cfg =>
    {
        cfg.Host(new Uri(url));
        cfg.ReceiveEndpoint(new TemporaryEndpointDefinition(), e => e.Consumer(() => received));
    });
    await bus.StartAsync();
    try
    {
        var times = new List<double>();
        for (var i = 0; i < warmup + count; i++)
        {
            var arrival = received.Expect(i);
            var start = Stopwatch.GetTimestamp();
            await bus.Publish(new BenchPing(i));
            await arrival.WaitAsync(TimeSpan.FromSeconds(30));
            if (i >= warmup)
            {
                times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }

            if (gapMs > 0)
            {
                await Task.Delay(gapMs);
            }
        }

        return times;
    }
    finally
    {
        await bus.StopAsync();
    }
}

static double Percentile(List<double> values, double p)
{
    var sorted = values.Order().ToArray();
    var rank = (int)Math.Ceiling(p / 100 * sorted.Length) - 1;
    return sorted[Math.Clamp(rank, 0, sorted.Length - 1)];
}

static string Stats(List<double> v) =>
    string.Create(CultureInfo.InvariantCulture, $"p50 {Percentile(v, 50),7:0.0} ms  p90 {Percentile(v, 90),7:0.0} ms  p99 {Percentile(v, 99),7:0.0} ms  max {v.Max(),7:0.0} ms  mean {v.Average(),7:0.0} ms");

static int IntArg(string[] args, string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
}
