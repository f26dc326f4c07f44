using System.Collections.Frozen;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using HybridGateway.DataPlane.Responses;
using HybridGateway.DataPlane.Status;
using HybridGateway.Shared.Configuration;
using HybridGateway.Shared.Plugins.RequestTermination;
using HybridGateway.Shared.Plugins.Sdk;

namespace HybridGateway.DataPlane.Plugins.RequestTermination;

/// <summary>
/// Kong's <c>request-termination</c>: answers the request at the gateway with a status and a message, a raw body,
/// or an echo of the request; optionally only when a trigger header or query parameter is present.
/// </summary>
internal sealed class RequestTerminationHandler : GatewayPlugin<RequestTerminationOptions>
{
    public const string PluginName = "request-termination";

    /// <summary>How much of a request body the echo reads.</summary>
    private const int MaxEchoBody = 1024 * 1024;

    // The handler's own defaults (Kong's DEFAULT_RESPONSE); other statuses without a message get no body.
    private static readonly FrozenDictionary<int, string> DefaultMessages = new Dictionary<int, string>
    {
        [401] = "Unauthorized",
        [404] = "Not found",
        [405] = "Method not allowed",
        [500] = "An unexpected error occurred",
        [502] = "Bad Gateway",
        [503] = "Service unavailable",
    }.ToFrozenDictionary();

    private readonly NodeIdentity _node;

    public RequestTerminationHandler(NodeIdentity node)
    {
        ArgumentNullException.ThrowIfNull(node);
        _node = node;
    }

    public override string Name => PluginName;

    public override string Version => "1.0.0";

    public override int Priority => 2;

    public static string? DefaultMessage(int status) => DefaultMessages.TryGetValue(status, out var message) ? message : null;

    protected override RequestTerminationOptions? Parse(JsonElement config, ICollection<string> errors)
    {
        RequestTerminationOptions? options;
        try
        {
            options = config.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null
                ? new RequestTerminationOptions()
                : config.Deserialize<RequestTerminationOptions>(GatewayJson.Options);
        }
        catch (JsonException ex)
        {
            errors.Add($"config: {ex.Message}");
            return null;
        }

        if (options is null)
        {
            errors.Add("config: must be an object");
            return null;
        }

        var before = errors.Count;
        if (options.StatusCode is < 100 or > 599)
        {
            errors.Add("config.status_code: value should be between 100 and 599");
        }

        var hasMessage = !string.IsNullOrEmpty(options.Message);
        var hasBody = !string.IsNullOrEmpty(options.Body);
        var hasContentType = !string.IsNullOrEmpty(options.ContentType);
        if (hasMessage && (hasBody || hasContentType))
        {
            errors.Add("config: message cannot be used with content_type or body");
        }

        if (hasContentType && !hasBody)
        {
            errors.Add("config: content_type requires a body");
        }

        if (options.Echo && (hasBody || hasContentType))
        {
            errors.Add("config: echo cannot be used with content_type and body");
        }

        return errors.Count == before ? options : null;
    }

    protected override async ValueTask AccessAsync(PluginContext context, RequestTerminationOptions options)
    {
        var request = context.HttpContext.Request;
        if (!string.IsNullOrEmpty(options.Trigger)
            && !request.Headers.ContainsKey(options.Trigger)
            && !request.Query.ContainsKey(options.Trigger))
        {
            // Trigger configured but absent: let the request through.
            return;
        }

        var status = options.StatusCode;
        if (options.Echo)
        {
            var echo = await BuildEchoAsync(context, options).ConfigureAwait(false);
            await context.ExitAsync(status, JsonSerializer.SerializeToUtf8Bytes(echo, GatewayJson.Options), KongResponses.JsonContentType).ConfigureAwait(false);
            return;
        }

        if (!string.IsNullOrEmpty(options.Body))
        {
            await context.ExitAsync(status, Encoding.UTF8.GetBytes(options.Body), options.ContentType ?? KongResponses.JsonContentType).ConfigureAwait(false);
            return;
        }

        var message = options.Message ?? DefaultMessage(status);
        var body = message is null ? null : JsonSerializer.SerializeToUtf8Bytes(new JsonObject { ["message"] = message });
        await context.ExitAsync(status, body, body is null ? null : KongResponses.JsonContentType).ConfigureAwait(false);
    }

    private async Task<JsonObject> BuildEchoAsync(PluginContext context, RequestTerminationOptions options)
    {
        var http = context.HttpContext;
        var request = http.Request;

        var headers = new JsonObject();
        foreach (var (name, values) in request.Headers)
        {
            headers[name.ToLowerInvariant()] = values.Count == 1 ? JsonValue.Create(values[0]) : new JsonArray([.. values.Select(v => (JsonNode?)JsonValue.Create(v))]);
        }

        var query = new JsonObject();
        foreach (var (name, values) in request.Query)
        {
            query[name] = values.Count switch
            {
                0 => JsonValue.Create(true),
                1 => string.IsNullOrEmpty(values[0]) && !request.QueryString.Value!.Contains(name + "=", StringComparison.Ordinal) ? JsonValue.Create(true) : JsonValue.Create(values[0]),
                _ => new JsonArray([.. values.Select(v => (JsonNode?)JsonValue.Create(v))]),
            };
        }

        var rawBody = await ReadBodyAsync(request, http.RequestAborted).ConfigureAwait(false);
        JsonNode? body = null;
        if (rawBody.Length > 0 && request.ContentType is { } contentType)
        {
            if (contentType.Contains("json", StringComparison.OrdinalIgnoreCase))
            {
                try
                {
                    body = JsonNode.Parse(rawBody);
                }
                catch (JsonException)
                {
                    body = null;
                }
            }
            else if (contentType.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
            {
                var form = new JsonObject();
                foreach (var (name, values) in Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(rawBody))
                {
                    form[name] = values.Count == 1 ? JsonValue.Create(values[0]) : new JsonArray([.. values.Select(v => (JsonNode?)JsonValue.Create(v))]);
                }

                body = form;
            }
        }

        var (host, _) = Routing.HostMatcher.SplitHost(request.Host.HasValue ? request.Host.Value : null, request.Scheme);
        return new JsonObject
        {
            ["message"] = options.Message ?? DefaultMessage(options.StatusCode),
            ["kong"] = new JsonObject
            {
                ["node_id"] = _node.NodeId.ToString("D"),
                ["worker_pid"] = Environment.ProcessId,
                ["hostname"] = _node.Hostname,
            },
            ["request"] = new JsonObject
            {
                ["scheme"] = request.Scheme,
                ["host"] = host,
                ["port"] = http.Connection.LocalPort,
                ["headers"] = headers,
                ["query"] = query,
                ["body"] = body,
                ["raw_body"] = rawBody,
                ["method"] = request.Method,
                ["path"] = request.Path.Value,
            },
            ["matched_route"] = JsonSerializer.SerializeToNode(context.Route, GatewayJson.Options),
            ["matched_service"] = context.Service is null ? null : JsonSerializer.SerializeToNode(context.Service, GatewayJson.Options),
        };
    }

    private static async Task<string> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength is 0 || (!request.ContentLength.HasValue && !request.Headers.TransferEncoding.Any()))
        {
            return string.Empty;
        }

        var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            var take = (int)Math.Min(read, MaxEchoBody - buffer.Length);
            buffer.Write(chunk, 0, take);
            if (buffer.Length >= MaxEchoBody)
            {
                break;
            }
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}
