using HybridGateway.DataPlane.Routing;

namespace HybridGateway.DataPlane.Plugins;

/// <summary>Runs the matched route's plugins inside YARP's proxy pipeline, before the forwarder.</summary>
internal sealed class PluginPipelineMiddleware
{
    private readonly RequestDelegate _next;
    private readonly PluginRunner _runner;

    public PluginPipelineMiddleware(RequestDelegate next, PluginRunner runner)
    {
        ArgumentNullException.ThrowIfNull(next);
        ArgumentNullException.ThrowIfNull(runner);
        _next = next;
        _runner = runner;
    }

    public async Task InvokeAsync(HttpContext context)
    {
        if (context.Features.Get<KongRequestFeature>() is { } feature
            && await _runner.RunAccessAsync(context, feature).ConfigureAwait(false))
        {
            return;
        }

        await _next(context).ConfigureAwait(false);
    }
}
