using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace HybridGateway.ControlPlane.AdminApi.Infrastructure;

/// <summary>A parsed Admin API body, or the error response to send instead.</summary>
internal sealed record BodyResult(JsonObject? Body, IResult? Error);

/// <summary>
/// Reads Admin API bodies as Kong does: JSON, form-urlencoded and multipart (file fields read as text); no body
/// at all (or an empty form) is <c>{}</c>; any other or missing content type with a body is 415; bad JSON is 400.
/// Bodies are capped (413) before they are parsed. Form values are typed by <c>coerceForm</c> (Shared's schema coercion).
/// </summary>
internal static class BodyReader
{
    public const string CannotParseJson = "Cannot parse JSON body";
    public const string UnsupportedMediaType = "Unsupported Media Type";

    public static async Task<BodyResult> ReadAsync(HttpRequest request, Func<JsonObject, JsonObject> coerceForm, long maxBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(coerceForm);
        if (request.Headers.ContentType.Count > 1)
        {
            return Fail(StatusCodes.Status400BadRequest, "Multiple Content-Type headers are not allowed");
        }

        if (request.ContentLength > maxBytes)
        {
            return TooLarge(maxBytes);
        }

        var bytes = await ReadLimitedAsync(request.Body, maxBytes, cancellationToken);
        if (bytes is null)
        {
            return TooLarge(maxBytes);
        }

        var contentType = request.ContentType;
        if (string.IsNullOrWhiteSpace(contentType))
        {
            return bytes.Length == 0 ? new BodyResult([], null) : Fail(StatusCodes.Status415UnsupportedMediaType, UnsupportedMediaType);
        }

        if (!MediaTypeHeaderValue.TryParse(contentType, out var mediaType))
        {
            return Fail(StatusCodes.Status415UnsupportedMediaType, UnsupportedMediaType);
        }

        var media = mediaType.MediaType.Value ?? "";
        if (media.Equals("application/json", StringComparison.OrdinalIgnoreCase))
        {
            return ParseJson(bytes);
        }

        if (media.Equals("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
        {
            var text = Encoding.UTF8.GetString(bytes);
            var pairs = new List<KeyValuePair<string, string>>();
            foreach (var pair in new QueryStringEnumerable(text))
            {
                pairs.Add(new(pair.DecodeName().ToString(), pair.DecodeValue().ToString()));
            }

            return new BodyResult(coerceForm(FormDecoder.Decode(pairs)), null);
        }

        if (media.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            return await ParseMultipartAsync(bytes, mediaType, coerceForm, cancellationToken);
        }

        return Fail(StatusCodes.Status415UnsupportedMediaType, UnsupportedMediaType);
    }

    private static BodyResult ParseJson(byte[] bytes)
    {
        try
        {
            var node = JsonNode.Parse(bytes, documentOptions: new JsonDocumentOptions { MaxDepth = 64 });
            return node is JsonObject body ? new BodyResult(body, null) : Fail(StatusCodes.Status400BadRequest, CannotParseJson);
        }
        catch (JsonException)
        {
            return Fail(StatusCodes.Status400BadRequest, CannotParseJson);
        }
    }

    private static async Task<BodyResult> ParseMultipartAsync(byte[] bytes, MediaTypeHeaderValue mediaType, Func<JsonObject, JsonObject> coerceForm, CancellationToken cancellationToken)
    {
        var boundary = HeaderUtilities.RemoveQuotes(mediaType.Boundary).Value;
        if (string.IsNullOrEmpty(boundary))
        {
            return bytes.Length == 0 ? new BodyResult([], null) : Fail(StatusCodes.Status400BadRequest, "Missing multipart boundary");
        }

        var pairs = new List<KeyValuePair<string, string>>();
        try
        {
            var reader = new MultipartReader(boundary, new MemoryStream(bytes, writable: false));
            while (await reader.ReadNextSectionAsync(cancellationToken) is { } section)
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition) || !disposition.DispositionType.Equals("form-data"))
                {
                    continue;
                }

                var name = HeaderUtilities.RemoveQuotes(disposition.Name).Value;
                if (string.IsNullOrEmpty(name))
                {
                    continue;
                }

                // Files (-F key=@key.pem) arrive as their text, as Kong reads them.
                using var content = new StreamReader(section.Body, Encoding.UTF8);
                pairs.Add(new(name, await content.ReadToEndAsync(cancellationToken)));
            }
        }
        catch (IOException)
        {
            return bytes.Length == 0 ? new BodyResult([], null) : Fail(StatusCodes.Status400BadRequest, "Cannot parse multipart body");
        }
        catch (InvalidDataException)
        {
            return Fail(StatusCodes.Status400BadRequest, "Cannot parse multipart body");
        }

        return new BodyResult(coerceForm(FormDecoder.Decode(pairs)), null);
    }

    internal static async Task<byte[]?> ReadLimitedAsync(Stream body, long maxBytes, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static BodyResult TooLarge(long maxBytes) =>
        Fail(StatusCodes.Status413PayloadTooLarge, $"Request body is larger than the limit of {maxBytes} bytes");

    private static BodyResult Fail(int status, string message) => new(null, AdminResults.Message(status, message));
}
