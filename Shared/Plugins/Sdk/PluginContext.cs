using HybridGateway.Shared.Configuration;
using Microsoft.AspNetCore.Http;

namespace HybridGateway.Shared.Plugins.Sdk;

/// <summary>
/// What a plugin sees of a request: the HTTP context, the matched route and service, the consumer, and a way to
/// answer the request. The data plane implements it; bundled and custom plugins get the same one.
/// </summary>
public abstract class PluginContext
{
    protected PluginContext(HttpContext httpContext, RouteConfig route, ServiceConfig? service)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        ArgumentNullException.ThrowIfNull(route);
        HttpContext = httpContext;
        Route = route;
        Service = service;
    }

    /// <summary>
    /// The credential that authenticated the request (Kong's <c>kong.client.get_credential()</c>); null when nobody
    /// authenticated or the consumer is the anonymous fallback.
    /// </summary>
    public string? Credential { get; private set; }

    /// <summary>The plugin whose credential authenticated the request (<c>basic-auth</c>, <c>key-auth</c>, <c>jwt</c>…), if any.</summary>
    public string? AuthenticatedBy { get; private set; }

    public HttpContext HttpContext { get; }

    public RouteConfig Route { get; }

    public ServiceConfig? Service { get; }

    /// <summary>The consumer an authentication plugin identified, if any.</summary>
    public ConsumerConfig? Consumer { get; private set; }

    /// <summary>True once a plugin answered the request itself (Kong's <c>kong.response.exit</c>).</summary>
    public bool Exited { get; private set; }

    /// <summary>
    /// A service of the config version serving this request, by type (e.g. the data plane's consumer directory or
    /// key ring), or null when the host offers none of that type. Plugins that need host services ask here.
    /// </summary>
    public abstract TFeature? GetFeature<TFeature>()
        where TFeature : class;

    /// <summary>Sets the authenticated consumer; consumer-scoped plugins apply from the next plugin on.</summary>
    public void SetConsumer(ConsumerConfig consumer, string? credential = null, string? authenticatedBy = null)
    {
        ArgumentNullException.ThrowIfNull(consumer);
        Consumer = consumer;
        Credential = credential;
        AuthenticatedBy = credential is null ? null : authenticatedBy;
    }

    /// <summary>Like <c>kong.response.exit</c>: answer the request now; later access plugins and the upstream are skipped.</summary>
    public Task ExitAsync(int status, byte[]? body, string? contentType, IReadOnlyDictionary<string, string>? headers = null)
    {
        Exited = true;
        return WriteResponseAsync(status, body, contentType, headers);
    }

    /// <summary>Like <c>kong.response.error</c>: Kong's error template (<c>{"message": ...}</c>) with a request id.</summary>
    public Task ErrorAsync(int status, string? message = null, IReadOnlyDictionary<string, string>? headers = null)
    {
        Exited = true;
        return WriteErrorAsync(status, message, headers);
    }

    /// <summary>Writes the response of <see cref="ExitAsync"/> the way the host answers requests.</summary>
    protected abstract Task WriteResponseAsync(int status, byte[]? body, string? contentType, IReadOnlyDictionary<string, string>? headers);

    /// <summary>Writes the response of <see cref="ErrorAsync"/> in the host's error template.</summary>
    protected abstract Task WriteErrorAsync(int status, string? message, IReadOnlyDictionary<string, string>? headers);
}
