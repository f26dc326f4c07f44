namespace HybridGateway.Shared.Plugins.RequestTermination;

/// <summary>
/// Config of Kong's <c>request-termination</c> plugin: answer the request at the gateway instead of proxying it.
/// Read from a plugin's validated <c>config</c> (defaults filled) with <see cref="Configuration.GatewayJson.Options"/>.
/// </summary>
public sealed record RequestTerminationOptions
{
    /// <summary>The response status (100–599), 503 by default.</summary>
    public int StatusCode { get; init; } = 503;

    /// <summary>A message rendered as <c>{"message": …}</c>; cannot be combined with <see cref="Body"/>.</summary>
    public string? Message { get; init; }

    /// <summary>A raw body sent as is, with <see cref="ContentType"/>.</summary>
    public string? Body { get; init; }

    /// <summary>Content type of <see cref="Body"/>; requires a body.</summary>
    public string? ContentType { get; init; }

    /// <summary>When true, the response echoes the request (method, uri, headers, matched route and service).</summary>
    public bool Echo { get; init; }

    /// <summary>When set, the plugin only terminates requests carrying this header or query parameter.</summary>
    public string? Trigger { get; init; }
}
