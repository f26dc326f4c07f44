using HybridGateway.DataPlane.Plugins.Authentication;
using HybridGateway.DataPlane.Responses;
using HybridGateway.Shared.Configuration;

namespace HybridGateway.DataPlane.Plugins;

/// <summary>What a plugin sees of a request: the HTTP context, the matched route and service, the consumer.</summary>
public sealed class PluginContext
{
    public PluginContext(HttpContext httpContext, RouteConfig route, ServiceConfig? service, ConsumerDirectory? consumers = null)
        : this(httpContext, route, service, consumers, null)
    {
    }

    internal PluginContext(HttpContext httpContext, RouteConfig route, ServiceConfig? service, ConsumerDirectory? consumers, Keys.KeyRing? keys)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        ArgumentNullException.ThrowIfNull(route);
        HttpContext = httpContext;
        Route = route;
        Service = service;
        Consumers = consumers ?? ConsumerDirectory.Empty;
        Keys = keys ?? DataPlane.Keys.KeyRing.Empty;
    }

    /// <summary>The consumers and credentials of the config version serving this request.</summary>
    public ConsumerDirectory Consumers { get; }

    /// <summary>The key sets of the config version serving this request (signing plugins).</summary>
    internal Keys.KeyRing Keys { get; }

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
        return KongResponses.WriteAsync(HttpContext, status, body, contentType, headers);
    }

    /// <summary>Like <c>kong.response.error</c>: the error template with a request id.</summary>
    public Task ErrorAsync(int status, string? message = null, IReadOnlyDictionary<string, string>? headers = null)
    {
        Exited = true;
        return KongResponses.WriteErrorAsync(HttpContext, status, message, headers);
    }
}
