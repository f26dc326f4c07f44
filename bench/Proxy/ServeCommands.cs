using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using System.Runtime.InteropServices;
using HybridGateway.Tests.Common;
using Yarp.ReverseProxy.Configuration;

namespace HybridGateway.Proxy;

/// <summary>
/// The bench's own server processes (the bench starts itself with one of these modes, so each server can be pinned to
/// a CPU with taskset): the echo upstream, and a plain YARP reverse proxy to it. Each prints "listening URL" once it
/// accepts connections and stops on SIGTERM/SIGINT or when its parent closes stdin (the parent died).
/// </summary>
internal static class ServeCommands
{
    public const string Echo = "serve-echo";
    public const string Yarp = "serve-yarp";
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
