using System.Text.Json;
using System.Text.Json.Nodes;
using HybridGateway.DataPlane.Snapshots;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;

namespace HybridGateway.DataPlane.Tests.TestSupport;

/// <summary>Small real Kestrel servers on loopback port 0 (the OS picks a free port).</summary>
internal static class TestServers
{
    public static async Task<(WebApplication App, Uri Address)> StartAsync(Action<WebApplication> map)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        map(app);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return (app, new Uri(address));
    }

    /// <summary>An upstream that answers with what it received, as JSON.</summary>
    public static Task<(WebApplication App, Uri Address)> StartEchoUpstreamAsync() => StartAsync(app => app.Run(async context =>
    {
        if (context.Request.Path.StartsWithSegments("/hang"))
        {
            // Never answers: the proxy's read timeout has to end the request.
            try
            {
                await Task.Delay(Timeout.Infinite, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
            }

            return;
        }

        var headers = new JsonObject();
        foreach (var (name, values) in context.Request.Headers)
        {
            headers[name.ToLowerInvariant()] = values.ToString();
        }

        // What arrived, as a length and SHA-256, so tests can compare it with what the gateway hashed or signed.
        using var received = new MemoryStream();
        await context.Request.Body.CopyToAsync(received, context.RequestAborted);
        var body = new JsonObject
        {
            ["method"] = context.Request.Method,
            ["path"] = context.Request.Path.Value,
            ["query"] = context.Request.QueryString.Value,
            ["headers"] = headers,
            ["body_length"] = received.Length,
            ["body_sha256"] = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(received.ToArray())),
        };
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body.ToJsonString());
    }));

    /// <summary>Returns a TCP port nothing listens on (bound then released).</summary>
    public static int ClosedPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>The control plane's cluster endpoint, in memory: <c>GET /v1/snapshots/{version|latest}</c> with a bearer token.</summary>
internal sealed class FakeControlPlaneServer : IAsyncDisposable
{
    public const string Token = "test-cluster-token";

    private readonly Dictionary<long, SnapshotPayload> _versions = [];
    private readonly object _lock = new();
    private WebApplication? _app;

    public Uri Address { get; private set; } = null!;

    public int Requests { get; private set; }

    public void Add(SnapshotPayload payload)
    {
        lock (_lock)
        {
            _versions[payload.Version] = payload;
        }
    }

    public async Task StartAsync()
    {
        (_app, Address) = await TestServers.StartAsync(app => app.MapGet("/v1/snapshots/{which}", Handle));
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
            _app = null;
        }
    }

    private IResult Handle(string which, HttpContext context)
    {
        Requests++;
        if (context.Request.Headers.Authorization != $"Bearer {Token}")
        {
            return Results.Json(new { message = "Unauthorized" }, statusCode: 401);
        }

        SnapshotPayload? payload;
        lock (_lock)
        {
            payload = which == "latest"
                ? (_versions.Count == 0 ? null : _versions[_versions.Keys.Max()])
                : long.TryParse(which, out var v) && _versions.TryGetValue(v, out var p) ? p : null;
        }

        if (payload is null)
        {
            return Results.Json(new { message = "no configuration version exists yet" }, statusCode: 404);
        }

        context.Response.Headers["X-Config-Version"] = payload.Version.ToString(System.Globalization.CultureInfo.InvariantCulture);
        context.Response.Headers["X-Config-Hash"] = payload.Hash;
        if (payload.Signature is not null)
        {
            context.Response.Headers["X-Config-Signature"] = payload.Signature;
        }
        return Results.Bytes(payload.Compressed, "application/gzip");
    }
}
