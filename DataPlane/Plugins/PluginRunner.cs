using HybridGateway.DataPlane.Logging;
using HybridGateway.DataPlane.Routing;
using HybridGateway.Shared.Plugins.Sdk;

namespace HybridGateway.DataPlane.Plugins;

/// <summary>Runs a route's plugin chain: access now, header filter when the response starts, log when it ends.</summary>
internal sealed class PluginRunner
{
    private readonly ILogger<PluginRunner> _logger;

    public PluginRunner(ILogger<PluginRunner> logger)
    {
        ArgumentNullException.ThrowIfNull(logger);
        _logger = logger;
    }

    /// <summary>Runs the access phase; returns true when a plugin answered the request (do not proxy it then).</summary>
    public async Task<bool> RunAccessAsync(HttpContext httpContext, KongRequestFeature feature)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        ArgumentNullException.ThrowIfNull(feature);

        var plugins = feature.Active.Runtime.PluginsFor(feature.Match.Route.Id);
        if (plugins.Default.Length == 0 && plugins.ByConsumer.Count == 0)
        {
            return false;
        }

        var context = new DataPlanePluginContext(httpContext, feature.Match.Route, feature.Match.Service, feature.Active.Runtime.Consumers, feature.Active.Runtime.Keys);
        var ran = new List<PluginInstance>();
        httpContext.Response.OnStarting(() =>
        {
            foreach (var instance in ran)
            {
                try
                {
                    instance.Plugin.OnResponseHeaders(context, instance.Options);
                }
                catch (Exception ex)
                {
                    Log.PluginFailed(_logger, instance.Plugin.Name, "header_filter", ex);
                }
            }

            return Task.CompletedTask;
        });
        httpContext.Response.OnCompleted(async () =>
        {
            foreach (var instance in ran)
            {
                try
                {
                    await instance.Plugin.LogAsync(context, instance.Options).ConfigureAwait(false);
                }
                catch (Exception ex)
                {
                    Log.PluginFailed(_logger, instance.Plugin.Name, "log", ex);
                }
            }
        });

        var scheme = httpContext.Request.Scheme;
        var chain = plugins.Default;
        var consumerChainTaken = false;
        for (var i = 0; i < chain.Length; i++)
        {
            var instance = chain[i];
            if (!instance.Protocols.Contains(scheme))
            {
                continue;
            }

            ran.Add(instance);
            try
            {
                await instance.Plugin.AccessAsync(context, instance.Options).ConfigureAwait(false);
            }
            catch (Exception ex) when (!httpContext.RequestAborted.IsCancellationRequested)
            {
                Log.PluginFailed(_logger, instance.Plugin.Name, "access", ex);
                if (!httpContext.Response.HasStarted)
                {
                    await context.ErrorAsync(StatusCodes.Status500InternalServerError).ConfigureAwait(false);
                }

                return true;
            }

            if (context.Exited)
            {
                return true;
            }

            // Once a consumer is known, Kong re-resolves the remaining (lower priority) plugins with it.
            if (!consumerChainTaken && context.Consumer is { } consumer && plugins.ByConsumer.TryGetValue(consumer.Id, out var consumerChain))
            {
                consumerChainTaken = true;
                var current = instance;
                chain = [.. consumerChain.Where(p => p.Plugin.Priority < current.Plugin.Priority
                    || (p.Plugin.Priority == current.Plugin.Priority && string.CompareOrdinal(p.Plugin.Name, current.Plugin.Name) > 0))];
                i = -1;
            }
        }

        return false;
    }

    private static class Log
    {
        public static readonly Action<ILogger, string, string, Exception?> PluginFailed =
            LoggerMessage.Define<string, string>(LogLevel.Error, EventIds.PluginFailed, "Plugin {Plugin} failed in its {Phase} phase");
    }
}
