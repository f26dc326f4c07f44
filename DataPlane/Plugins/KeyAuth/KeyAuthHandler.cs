using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using HybridGateway.DataPlane.Plugins.Authentication;
using HybridGateway.Shared.Configuration;
using HybridGateway.Shared.Plugins.KeyAuth;
using HybridGateway.Shared.Plugins.Sdk;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;

namespace HybridGateway.DataPlane.Plugins.KeyAuth;

/// <summary>
/// Kong's <c>key-auth</c>: finds the API key in a header, the query string or the body (in that order, per key
/// name), looks it up in the config version's key index, and identifies the consumer; Kong's messages, anonymous
/// fallback and <c>hide_credentials</c>.
/// </summary>
internal sealed class KeyAuthHandler : GatewayPlugin<KeyAuthInstance>
{
    public const string NoKeyMessage = "No API key found in request";
    public const string DuplicateKeyMessage = "Duplicate API key found";
    public const string UnauthorizedMessage = "Unauthorized";

    /// <summary>The largest body searched for a key (key_in_body); larger bodies are proxied unsearched.</summary>
    private const int MaxBodySearch = 1024 * 1024;

    private readonly TimeProvider _time;

    public KeyAuthHandler(TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        _time = time;
    }

    public override string Name => KeyAuthSchema.Name;

    public override string Version => KeyAuthSchema.Definition.Version;

    public override int Priority => KeyAuthSchema.Definition.Priority;

    // The config was validated with Shared's schema (defaults filled) before the runtime is built.
    protected override KeyAuthInstance? Parse(JsonElement config, ICollection<string> errors) =>
        config.Deserialize<KeyAuthOptions>(GatewayJson.Options) is { } options ? new KeyAuthInstance(options) : null;

    protected override async ValueTask AccessAsync(PluginContext context, KeyAuthInstance instance)
    {
        var options = instance.Options;
        var request = context.HttpContext.Request;
        if (!options.RunOnPreflight && HttpMethods.IsOptions(request.Method))
        {
            return;
        }

        if (ConsumerIdentity.AlreadyAuthenticated(context, options.Anonymous))
        {
            return;
        }

        var (key, duplicate) = await FindKeyAsync(request, options);
        if (duplicate)
        {
            await ConsumerIdentity.FailAsync(context, options.Anonymous, () => context.ErrorAsync(StatusCodes.Status401Unauthorized, DuplicateKeyMessage));
            return;
        }

        if (string.IsNullOrEmpty(key))
        {
            await ConsumerIdentity.FailAsync(context, options.Anonymous, () => context.ErrorAsync(StatusCodes.Status401Unauthorized, NoKeyMessage, instance.Challenge));
            return;
        }

        if (!context.Consumers.ApiKeys.TryGetValue(key, out var credential)
            || IsExpired(credential)
            || !context.Consumers.ById.TryGetValue(credential.Consumer.Id, out var consumer))
        {
            await ConsumerIdentity.FailAsync(context, options.Anonymous, () => context.ErrorAsync(StatusCodes.Status401Unauthorized, UnauthorizedMessage, instance.Challenge));
            return;
        }

        if (options.HideCredentials)
        {
            await HideAsync(request, options);
        }

        ConsumerIdentity.Authenticated(context, Name, consumer, credential.Id.ToString());
    }

    private bool IsExpired(KeyAuthCredentialConfig credential) =>
        credential.Ttl is > 0 && credential.CreatedAt + credential.Ttl.Value <= _time.GetUtcNow().ToUnixTimeSeconds();

    /// <summary>The key and whether a key name carried several values (Kong refuses those).</summary>
    private static async Task<(string? Key, bool Duplicate)> FindKeyAsync(HttpRequest request, KeyAuthOptions options)
    {
        Dictionary<string, StringValues>? body = null;
        foreach (var name in options.KeyNames)
        {
            var values = StringValues.Empty;
            if (options.KeyInHeader)
            {
                values = request.Headers[name];
            }

            if (values.Count == 0 && options.KeyInQuery)
            {
                values = request.Query[name];
            }

            if (values.Count == 0 && options.KeyInBody)
            {
                body ??= await ReadBodyParametersAsync(request);
                values = body.GetValueOrDefault(name);
            }

            if (values.Count > 1)
            {
                return (null, true);
            }

            if (values.Count == 1)
            {
                return (values[0], false);
            }
        }

        return (null, false);
    }

    private static async Task HideAsync(HttpRequest request, KeyAuthOptions options)
    {
        foreach (var name in options.KeyNames)
        {
            if (options.KeyInHeader)
            {
                request.Headers.Remove(name);
            }

            if (options.KeyInQuery && request.Query.ContainsKey(name))
            {
                var query = QueryHelpers.ParseQuery(request.QueryString.Value);
                query.Remove(name);
                request.QueryString = QueryString.Create(query);
            }
        }

        if (options.KeyInBody && await ReadBodyAsync(request) is { } text)
        {
            await RewriteBodyWithoutKeysAsync(request, text, options.KeyNames);
        }
    }

    /// <summary>Form or JSON body parameters; other bodies, or bodies over the limit, have none.</summary>
    private static async Task<Dictionary<string, StringValues>> ReadBodyParametersAsync(HttpRequest request)
    {
        var parameters = new Dictionary<string, StringValues>(StringComparer.Ordinal);
        if (await ReadBodyAsync(request) is not { } text)
        {
            return parameters;
        }

        if (IsForm(request))
        {
            foreach (var (name, value) in QueryHelpers.ParseQuery(text))
            {
                parameters[name] = value;
            }
        }
        else if (IsJson(request))
        {
            try
            {
                if (JsonNode.Parse(text) is JsonObject json)
                {
                    foreach (var (name, value) in json)
                    {
                        if (value is JsonValue v && v.TryGetValue<string>(out var s))
                        {
                            parameters[name] = s;
                        }
                    }
                }
            }
            catch (JsonException)
            {
                // Not JSON after all: no key in it.
            }
        }

        return parameters;
    }

    /// <summary>Buffers the body so it can be read here and still be proxied; null when it is absent or too large.</summary>
    private static async Task<string?> ReadBodyAsync(HttpRequest request)
    {
        if (!(IsForm(request) || IsJson(request)) || request.ContentLength is > MaxBodySearch)
        {
            return null;
        }

        request.EnableBuffering(MaxBodySearch);
        request.Body.Position = 0;

        // One byte past the limit tells an oversized body; pooled, so a small body does not cost a fresh 1 MiB array.
        const int limit = MaxBodySearch + 1;
        var buffer = ArrayPool<byte>.Shared.Rent(limit);
        var read = 0;
        try
        {
            int n;
            while (read < limit && (n = await request.Body.ReadAsync(buffer.AsMemory(read, limit - read))) > 0)
            {
                read += n;
            }

            request.Body.Position = 0;
            return read > MaxBodySearch ? null : Encoding.UTF8.GetString(buffer, 0, read);
        }
        finally
        {
            // The body may hold the key: it does not stay in the shared pool.
            buffer.AsSpan(0, read).Clear();
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static async Task RewriteBodyWithoutKeysAsync(HttpRequest request, string text, IReadOnlyList<string> names)
    {
        string rewritten;
        if (IsForm(request))
        {
            var form = QueryHelpers.ParseQuery(text);
            foreach (var name in names)
            {
                form.Remove(name);
            }

            rewritten = string.Join('&', form.SelectMany(p => p.Value.Select(v => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(v ?? string.Empty)}")));
        }
        else
        {
            try
            {
                if (JsonNode.Parse(text) is not JsonObject json)
                {
                    return;
                }

                foreach (var name in names)
                {
                    json.Remove(name);
                }

                rewritten = json.ToJsonString();
            }
            catch (JsonException)
            {
                return;
            }
        }

        var bytes = Encoding.UTF8.GetBytes(rewritten);
        await request.Body.DisposeAsync();
        request.Body = new MemoryStream(bytes, writable: false);
        request.ContentLength = bytes.Length;
    }

    private static bool IsForm(HttpRequest request) =>
        request.ContentType?.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) == true;

    private static bool IsJson(HttpRequest request) =>
        request.ContentType?.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) == true;
}

/// <summary>A key-auth instance of a config version: its options and its <c>WWW-Authenticate</c> challenge, prepared once.</summary>
internal sealed class KeyAuthInstance(KeyAuthOptions options)
{
    public KeyAuthOptions Options { get; } = options;

    public IReadOnlyDictionary<string, string> Challenge { get; } = new Dictionary<string, string>
    {
        ["WWW-Authenticate"] = options.Realm is null ? "Key" : $"Key realm=\"{options.Realm}\"",
    };
}
