using System.Text.Json;

namespace HybridGateway.Shared.Plugins.Sdk;

/// <summary>
/// A plugin the data plane carries, bundled or loaded from the plugins folder. Its config is parsed and checked once
/// per config version (<see cref="ParseConfig"/>); the phase methods run per request with that parsed options object.
/// </summary>
public interface IGatewayPlugin
{
    /// <summary>The plugin name as the Admin API uses it (e.g. <c>request-termination</c>).</summary>
    string Name { get; }

    /// <summary>The plugin's semantic version, reported to the control plane (its major version must match the manifest's).</summary>
    string Version { get; }

    /// <summary>Kong's priority: higher runs first.</summary>
    int Priority { get; }

    /// <summary>Turns a plugin instance's <c>config</c> into the typed options object, or adds errors naming the fields.</summary>
    object? ParseConfig(JsonElement config, ICollection<string> errors);

    /// <summary>The access phase: before the request is proxied. Call <see cref="PluginContext.ExitAsync"/> to answer it here.</summary>
    ValueTask AccessAsync(PluginContext context, object options);

    /// <summary>The header filter phase: the response headers are about to be sent.</summary>
    void OnResponseHeaders(PluginContext context, object options);

    /// <summary>The log phase: the response has been sent.</summary>
    ValueTask LogAsync(PluginContext context, object options);
}

/// <summary>A typed base for plugins: options are parsed to <typeparamref name="TOptions"/> once per config version.</summary>
public abstract class GatewayPlugin<TOptions> : IGatewayPlugin
    where TOptions : class
{
    public abstract string Name { get; }

    public abstract string Version { get; }

    public abstract int Priority { get; }

    object? IGatewayPlugin.ParseConfig(JsonElement config, ICollection<string> errors) => Parse(config, errors);

    ValueTask IGatewayPlugin.AccessAsync(PluginContext context, object options) => AccessAsync(context, (TOptions)options);

    void IGatewayPlugin.OnResponseHeaders(PluginContext context, object options) => OnResponseHeaders(context, (TOptions)options);

    ValueTask IGatewayPlugin.LogAsync(PluginContext context, object options) => LogAsync(context, (TOptions)options);

    /// <summary>Parses and checks the config; returns null after adding at least one error.</summary>
    protected abstract TOptions? Parse(JsonElement config, ICollection<string> errors);

    protected virtual ValueTask AccessAsync(PluginContext context, TOptions options) => ValueTask.CompletedTask;

    protected virtual void OnResponseHeaders(PluginContext context, TOptions options)
    {
    }

    protected virtual ValueTask LogAsync(PluginContext context, TOptions options) => ValueTask.CompletedTask;
}
