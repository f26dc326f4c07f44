using System.Buffers;
using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using System.Runtime.InteropServices;
using HybridGateway.Tests.Common;
using Yarp.ReverseProxy.Configuration;

namespace HybridGateway.Proxy;

/// <summary>
/// The bench's own server processes (the bench starts itself with one of these modes, so each server can be pinned to
/// a CPU with taskset): the echo upstream, a plain YARP reverse proxy to it, and the body sink behind the POST lines. Each prints "listening URL" once it
/// accepts connections and stops on SIGTERM/SIGINT or when its parent closes stdin (the parent died).
/// </summary>
internal static class ServeCommands
{
    public const string Echo = "serve-echo";
    public const string Yarp = "serve-yarp";
    public const string Sink = "serve-sink";

    /// <summary>On the sink itself (not through a proxy): <c>{"requests":N,"bytes":M}</c>, the bodies read in full so far.</summary>
    public const string SinkStatsPath = "/__sink-stats";

    /// <summary>The header in which upstream-jwt sends its token (its default), returned by the sink as "jwt".</summary>
    public const string UpstreamJwtHeader = "JWT";
    public const string ListeningPrefix = "listening ";

    public static async Task<int> EchoAsync(string name)
    {
        await using var upstream = await EchoUpstream.StartAsync(name);
        Console.WriteLine($"{ListeningPrefix}{upstream.Url}");
        await UntilStoppedAsync();
        return 0;
    }

    /// <summary>The baseline of baselines: YARP with one catch-all route and one destination, nothing else.</summary>
    public static async Task<int> YarpAsync(int port, string upstream)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            // As the data plane's listener: no Server header.
            kestrel.AddServerHeader = false;
            kestrel.Listen(IPAddress.Loopback, port);
        });
        builder.Services.AddReverseProxy().LoadFromMemory(
            [new RouteConfig { RouteId = "all", ClusterId = "upstream", Match = new RouteMatch { Path = "{**rest}" } }],
            [new ClusterConfig { ClusterId = "upstream", Destinations = new Dictionary<string, DestinationConfig> { ["echo"] = new() { Address = upstream } } }]);
        await using var app = builder.Build();
        app.MapReverseProxy();
        await app.StartAsync();
        Console.WriteLine($"{ListeningPrefix}http://127.0.0.1:{port}");
        await UntilStoppedAsync();
        await app.StopAsync();
        return 0;
    }

    /// <summary>
    /// The upstream of the POST lines: reads each body to the end into a pooled buffer and answers a small JSON
    /// (<c>{"bytes":N,"jwt":…}</c>), so a 1 MiB body is not echoed back (the echo upstream would send it back, JSON
    /// escaped, and its own cost on the client CPU would bound both lines alike).
    /// </summary>
    public static async Task<int> SinkAsync(int port)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(IPAddress.Loopback, port);
        });
        await using var app = builder.Build();
        long requests = 0;
        long bytes = 0;
        app.Run(async context =>
        {
            if (context.Request.Path == SinkStatsPath)
            {
                await context.Response.WriteAsJsonAsync(new SinkStats(Interlocked.Read(ref requests), Interlocked.Read(ref bytes)), SinkJson.Default.SinkStats);
                return;
            }

            var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
            long length = 0;
            try
            {
                int read;
                while ((read = await context.Request.Body.ReadAsync(buffer, context.RequestAborted)) > 0)
                {
                    length += read;
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }

            // Counted once the whole body has arrived, so bytes ÷ requests is exactly the body size when wrk sent it.
            Interlocked.Add(ref bytes, length);
            Interlocked.Increment(ref requests);
            var jwt = context.Request.Headers[UpstreamJwtHeader].ToString();
            await context.Response.WriteAsJsonAsync(new SinkAnswer(length, jwt.Length == 0 ? null : jwt), SinkJson.Default.SinkAnswer);
        });
        await app.StartAsync();
        Console.WriteLine($"{ListeningPrefix}http://127.0.0.1:{port}");
        await UntilStoppedAsync();
        await app.StopAsync();
        return 0;
    }

    private static async Task UntilStoppedAsync()
    {
        var stop = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => { context.Cancel = true; stop.TrySetResult(); });
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => { context.Cancel = true; stop.TrySetResult(); });

        // stdin is the parent's pipe: end of file means the bench is gone, so no orphan keeps a port or a core. The read
        // blocks, so it gets its own thread: on one pinned CPU the thread pool starts with one worker, and a blocked
        // worker there showed up as second-long latency spikes.
        var orphaned = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        new Thread(() =>
        {
            Console.In.ReadToEnd();
            orphaned.TrySetResult();
        })
        { IsBackground = true, Name = "parent watch" }.Start();
        await Task.WhenAny(stop.Task, orphaned.Task);
    }
}

/// <summary>What the sink answers to a request: the body's length as read, and upstream-jwt's token if one came.</summary>
internal sealed record SinkAnswer(long Bytes, string? Jwt);

/// <summary>The bodies the sink has read in full so far.</summary>
internal sealed record SinkStats(long Requests, long Bytes);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(SinkAnswer))]
[JsonSerializable(typeof(SinkStats))]
internal sealed partial class SinkJson : JsonSerializerContext;
