using System.Net.Http.Json;
using System.Text.Json;

namespace HybridGateway.Proxy;

/// <summary>
/// The data plane's memory figures from its status port (<c>GET /status/runtime</c>): managed bytes allocated since
/// start (all threads) and the collections per generation. Read before and after a measured run, their difference ÷
/// the requests is the allocation per request (the few status and heartbeat requests in between are noise next to
/// thousands of proxied ones).
/// </summary>
internal sealed record RuntimeFigures(long AllocatedBytes, int Gen0Collections, int Gen1Collections, int Gen2Collections)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static async Task<RuntimeFigures> ReadAsync(HttpClient client, string statusUrl, CancellationToken cancellationToken) =>
        await client.GetFromJsonAsync<RuntimeFigures>(new Uri($"{statusUrl}/status/runtime"), Json, cancellationToken)
        ?? throw new InvalidOperationException($"{statusUrl}/status/runtime answered no figures");
}

/// <summary>What one measured run did to the server's memory.</summary>
internal sealed record MemorySample(double AllocatedBytesPerRequest, int Gen0, int Gen1, int Gen2, long PeakResidentBytes, bool PeakSinceStart)
{
    public static MemorySample Between(RuntimeFigures before, RuntimeFigures after, long requests, long peakResidentBytes, bool peakReset) =>
        new((after.AllocatedBytes - before.AllocatedBytes) / (double)Math.Max(1, requests),
            after.Gen0Collections - before.Gen0Collections,
            after.Gen1Collections - before.Gen1Collections,
            after.Gen2Collections - before.Gen2Collections,
            peakResidentBytes,
            !peakReset);
}
