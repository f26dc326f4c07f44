using System.Collections.Frozen;
using System.Security.Cryptography;
using System.Text.Json;

namespace HybridGateway.DataPlane.Responses;

/// <summary>
/// Responses the gateway produces itself, shaped like Kong's: <c>kong.response.exit</c> (a JSON body as given)
/// and <c>kong.response.error</c> (the error template: message plus request id).
/// </summary>
internal static class KongResponses
{
    public const string JsonContentType = "application/json; charset=utf-8";

    public const string NoRouteMessage = "no Route matched with those values";
    public const string NoServiceMessage = "no Service found with those values";
    public const string NoConfigMessage = "no configuration received from the control plane yet";

    private const string RequestIdItem = "hg.request_id";

    // Kong's default messages for kong.response.error (kong/tools/http.lua), used when no message is given.
    private static readonly FrozenDictionary<int, string> DefaultErrorMessages = new Dictionary<int, string>
    {
        [400] = "Bad request",
        [401] = "Unauthorized",
        [402] = "Payment required",
        [403] = "Forbidden",
        [404] = "Not found",
        [405] = "Method not allowed",
        [406] = "Not acceptable",
        [407] = "Proxy authentication required",
        [408] = "Request timeout",
        [409] = "Conflict",
        [410] = "Gone",
        [411] = "Length required",
        [412] = "Precondition failed",
        [413] = "Payload too large",
        [414] = "URI too long",
        [415] = "Unsupported media type",
        [416] = "Range not satisfiable",
        [417] = "Expectation failed",
        [418] = "I'm a teapot",
        [421] = "Misdirected request",
        [422] = "Unprocessable entity",
        [423] = "Locked",
        [424] = "Failed dependency",
        [425] = "Too early",
        [426] = "Upgrade required",
        [428] = "Precondition required",
        [429] = "Too many requests",
        [431] = "Request header fields too large",
        [451] = "Unavailable for legal reasons",
        [494] = "Request header or cookie too large",
        [500] = "An unexpected error occurred",
        [501] = "Not implemented",
        [502] = "An invalid response was received from the upstream server",
        [503] = "The upstream server is currently unavailable",
        [504] = "The upstream server is timing out",
        [505] = "HTTP version not supported",
        [506] = "Variant also negotiates",
        [507] = "Insufficient storage",
        [508] = "Loop detected",
        [510] = "Not extended",
        [511] = "Network authentication required",
    }.ToFrozenDictionary();

    /// <summary>Kong's default error message for a status (<c>The upstream server responded with N</c> otherwise).</summary>
    public static string DefaultErrorMessage(int status) =>
        DefaultErrorMessages.TryGetValue(status, out var message) ? message : $"The upstream server responded with {status}";

    /// <summary>The request's id (32 lower-case hex digits like Kong's), created on first use.</summary>
    public static string RequestId(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Items.TryGetValue(RequestIdItem, out var existing) && existing is string id)
        {
            return id;
        }

        id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        context.Items[RequestIdItem] = id;
        return id;
    }

    /// <summary>Like <c>kong.response.error</c>: <c>{"message": …, "request_id": …}</c>.</summary>
    public static Task WriteErrorAsync(HttpContext context, int status, string? message = null, IReadOnlyDictionary<string, string>? headers = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        var requestId = RequestId(context);
        var body = JsonSerializer.SerializeToUtf8Bytes(new ErrorBody(message ?? DefaultErrorMessage(status), requestId), ResponseJson.Options);
        context.Response.Headers["X-Kong-Request-Id"] = requestId;
        return WriteAsync(context, status, body, JsonContentType, headers);
    }

    /// <summary>Like <c>kong.response.exit(status, {message = …})</c>: a JSON body without request id.</summary>
    public static Task WriteMessageAsync(HttpContext context, int status, string message)
    {
        ArgumentNullException.ThrowIfNull(context);
        var body = JsonSerializer.SerializeToUtf8Bytes(new MessageBody(message), ResponseJson.Options);
        return WriteAsync(context, status, body, JsonContentType, headers: null);
    }

    /// <summary>Writes a complete response with an exact Content-Length.</summary>
    public static async Task WriteAsync(HttpContext context, int status, byte[]? body, string? contentType, IReadOnlyDictionary<string, string>? headers)
    {
        ArgumentNullException.ThrowIfNull(context);
        var response = context.Response;
        response.StatusCode = status;
        if (headers is not null)
        {
            foreach (var (name, value) in headers)
            {
                response.Headers[name] = value;
            }
        }

        // 1xx, 204 and 304 responses cannot carry a body (Kestrel refuses to write one).
        if (body is null || body.Length == 0 || status < 200 || status is 204 or 304)
        {
            if (status >= 200 && status is not (204 or 304))
            {
                response.ContentLength = 0;
            }

            return;
        }

        if (contentType is not null)
        {
            response.ContentType = contentType;
        }

        response.ContentLength = body.Length;
        await response.Body.WriteAsync(body, context.RequestAborted).ConfigureAwait(false);
    }

    private sealed record ErrorBody(string Message, string RequestId);

    private sealed record MessageBody(string Message);
}

/// <summary>JSON options for bodies the gateway writes itself (snake_case, no escaping of '/' or non-ASCII).</summary>
internal static class ResponseJson
{
    public static JsonSerializerOptions Options { get; } = Shared.Configuration.GatewayJson.Options;
}
