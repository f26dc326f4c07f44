using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace HybridGateway.Tests.Common;

/// <summary>
/// A real HTTP upstream (Kestrel on 127.0.0.1, random port) that answers every request with JSON describing what it
/// received: <c>{"upstream","method","path","query","headers":{...},"body"}</c>.
/// </summary>
public sealed class EchoUpstream : IAsyncDisposable
{
    private readonly WebApplication _app;

    private EchoUpstream(string name, WebApplication app, int port)
    {
        Name = name;
        _app = app;
        Port = port;
    }

    /// <summary>Echoed back as "upstream" so tests can tell upstreams apart.</summary>
    public string Name { get; }

    public int Port { get; }

    /// <summary>http://127.0.0.1:port</summary>
    public string Url => $"http://127.0.0.1:{Port}";

    /// <summary>Number of requests received so far.</summary>
    public int RequestCount => _requestCount;

    private int _requestCount;

    public static async Task<EchoUpstream> StartAsync(string name)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(System.Net.IPAddress.Loopback, 0));
        var app = builder.Build();
        EchoUpstream? self = null;
        app.Run(async context =>
        {
            if (self is not null)
            {
                Interlocked.Increment(ref self._requestCount);
            }

            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync(context.RequestAborted);
            var echo = new EchoedRequest(
                name,
                context.Request.Method,
                context.Request.PathBase + context.Request.Path,
                context.Request.QueryString.Value ?? string.Empty,
                context.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
                body);
            context.Response.ContentType = "application/json";
            context.Response.Headers["X-Echo-Upstream"] = name;
            await context.Response.WriteAsync(JsonSerializer.Serialize(echo, EchoedRequest.JsonOptions), context.RequestAborted);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        self = new EchoUpstream(name, app, new Uri(address).Port);
        return self;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>What <see cref="EchoUpstream"/> received.</summary>
public sealed record EchoedRequest(
    string Upstream, string Method, string Path, string Query, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };

    /// <summary>Parses an echo response body, or returns null when <paramref name="json"/> is not one.</summary>
    public static EchoedRequest? TryParse(string json)
    {
        try
        {
            var echo = JsonSerializer.Deserialize<EchoedRequest>(json, JsonOptions);
            return echo is { Upstream: not null, Method: not null } ? echo : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
