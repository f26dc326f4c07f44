using System.Diagnostics;
using System.Text.Json;
using HybridGateway.DataPlane.Snapshots;
using HybridGateway.DataPlane.Plugins;
using HybridGateway.DataPlane.Responses;
using HybridGateway.DataPlane.Runtime;

namespace HybridGateway.DataPlane.Status;

/// <summary>
/// The status port: <c>GET /status</c>, <c>GET /status/runtime</c> (the process's memory and GC figures),
/// <c>GET /health/ready</c> (200 only while a config is served), <c>GET /health/live</c> and
/// <c>GET /key-sets/{id|name}/jwks</c> (a key set's public JWKS, cacheable). Nothing else answers there, and none of
/// this answers on the proxy port.
/// </summary>
internal sealed class StatusEndpoints
{
    private readonly NodeIdentity _node;
    private readonly RuntimeHolder _holder;
    private readonly DataPlaneStatus _status;
    private readonly PluginRegistry _plugins;
    private readonly SnapshotTrust _trust;

    public StatusEndpoints(NodeIdentity node, RuntimeHolder holder, DataPlaneStatus status, PluginRegistry plugins, SnapshotTrust trust)
    {
        ArgumentNullException.ThrowIfNull(trust);
        _trust = trust;
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(holder);
        ArgumentNullException.ThrowIfNull(status);
        ArgumentNullException.ThrowIfNull(plugins);
        _node = node;
        _holder = holder;
        _status = status;
        _plugins = plugins;
    }

    public Task HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method))
        {
            return KongResponses.WriteMessageAsync(context, StatusCodes.Status405MethodNotAllowed, "Method not allowed");
        }

        if (context.Request.Path.StartsWithSegments("/key-sets", out var rest) && rest.Value is { } tail
            && tail.EndsWith("/jwks", StringComparison.Ordinal) && tail.Length > "/jwks".Length + 1)
        {
            return WriteJwksAsync(context, Uri.UnescapeDataString(tail[1..^"/jwks".Length]));
        }

        return context.Request.Path.Value switch
        {
            "/status" => WriteJsonAsync(context, StatusCodes.Status200OK, BuildStatus()),
            "/status/runtime" => WriteJsonAsync(context, StatusCodes.Status200OK, BuildRuntime()),
            "/health/live" => WriteJsonAsync(context, StatusCodes.Status200OK, new { Status = "live" }),
            "/health/ready" => _holder.Current is { } active
                ? WriteJsonAsync(context, StatusCodes.Status200OK, new { Status = "ready", Version = active.Version })
                : WriteJsonAsync(context, StatusCodes.Status503ServiceUnavailable, new { Status = "not ready", Message = KongResponses.NoConfigMessage }),
            _ => KongResponses.WriteMessageAsync(context, StatusCodes.Status404NotFound, "Not found"),
        };
    }

    private object BuildStatus()
    {
        var active = _holder.Current;
        var error = _status.LastApplyError;
        return new
        {
            NodeId = _node.NodeId,
            Hostname = _node.Hostname,
            SoftwareVersion = _node.SoftwareVersion,
            Config = active is null ? null : new
            {
                active.Version,
                active.Hash,
                AppliedAt = active.AppliedAt,
                Source = active.Source.ToString().ToLowerInvariant(),
                Services = active.Runtime.Config.Services.Count,
                Routes = active.Runtime.Config.Routes.Count,
                Plugins = active.Runtime.Config.Plugins.Count,
            },
            LastApplyError = error is null ? null : new { error.Version, error.Message, error.At },
            Cache = new { Status = _status.CacheStatus },
            // The id of the control-plane key this node trusts snapshots from (compare with the control plane's log).
            SnapshotSigningKey = _trust.SigningKeyId,
            Plugins = _plugins.Infos.Select(p => new { p.Name, p.Version }),
            PluginErrors = _plugins.LoadErrors.Select(e => new { e.Path, e.Message }),
        };
    }

    /// <summary>
    /// What the process's memory does, for benchmarks and operators (as Kong's <c>/status</c> reports its Lua VMs'
    /// memory): bytes allocated on the managed heap since start (all threads; the difference over a run divided by its
    /// requests is the allocation per request), the collections per generation, the managed heap after the last
    /// collection, the GC pause total, and the resident set now and at its peak (VmHWM).
    /// </summary>
    private static object BuildRuntime()
    {
        using var process = Process.GetCurrentProcess();
        return new
        {
            AllocatedBytes = GC.GetTotalAllocatedBytes(precise: false),
            Gen0Collections = GC.CollectionCount(0),
            Gen1Collections = GC.CollectionCount(1),
            Gen2Collections = GC.CollectionCount(2),
            HeapSizeBytes = GC.GetGCMemoryInfo().HeapSizeBytes,
            GcPauseMilliseconds = GC.GetTotalPauseDuration().TotalMilliseconds,
            WorkingSetBytes = process.WorkingSet64,
            PeakWorkingSetBytes = process.PeakWorkingSet64,
        };
    }

    /// <summary>
    /// A key set's public keys. Verifiers may cache them for 5 minutes: a rotation publishes the next key before it is
    /// used (or keeps the previous one), and the ETag changes with the set, so a revalidation is one 304.
    /// </summary>
    private Task WriteJwksAsync(HttpContext context, string idOrName)
    {
        if (_holder.Current?.Runtime.Keys.Find(idOrName) is not { } set)
        {
            return KongResponses.WriteMessageAsync(context, StatusCodes.Status404NotFound, "Not found");
        }

        var (status, body, headers) = set.JwksResponse(context.Request.Headers.IfNoneMatch, maxAgeSeconds: 300);
        return KongResponses.WriteAsync(context, status, body, Keys.RingSet.JwksContentType, headers);
    }

    private static Task WriteJsonAsync(HttpContext context, int status, object body) =>
        KongResponses.WriteAsync(context, status, JsonSerializer.SerializeToUtf8Bytes(body, ResponseJson.Options), KongResponses.JsonContentType, headers: null);
}
