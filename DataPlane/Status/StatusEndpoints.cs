using System.Text.Json;
using HybridGateway.DataPlane.Plugins;
using HybridGateway.DataPlane.Responses;
using HybridGateway.DataPlane.Runtime;

namespace HybridGateway.DataPlane.Status;

/// <summary>
/// The status port: <c>GET /status</c>, <c>GET /health/ready</c> (200 only while a config is served) and
/// <c>GET /health/live</c>. Nothing else answers there, and none of this answers on the proxy port.
/// </summary>
internal sealed class StatusEndpoints
{
    private readonly NodeIdentity _node;
    private readonly RuntimeHolder _holder;
    private readonly DataPlaneStatus _status;
    private readonly PluginRegistry _plugins;

    public StatusEndpoints(NodeIdentity node, RuntimeHolder holder, DataPlaneStatus status, PluginRegistry plugins)
    {
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

        return context.Request.Path.Value switch
        {
            "/status" => WriteJsonAsync(context, StatusCodes.Status200OK, BuildStatus()),
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
            Plugins = _plugins.Infos.Select(p => new { p.Name, p.Version }),
        };
    }

    private static Task WriteJsonAsync(HttpContext context, int status, object body) =>
        KongResponses.WriteAsync(context, status, JsonSerializer.SerializeToUtf8Bytes(body, ResponseJson.Options), KongResponses.JsonContentType, headers: null);
}
