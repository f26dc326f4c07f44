using System.Buffers;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using HybridGateway.Shared.Configuration;
using HybridGateway.Shared.Jose;
using HybridGateway.Shared.Keys;
using HybridGateway.Shared.Plugins.Sdk;
using HybridGateway.Shared.Plugins.UpstreamJwt;

namespace HybridGateway.DataPlane.Plugins.UpstreamJwt;

/// <summary>
/// Optum's upstream-jwt (priority 900, after authentication): signs a JWT that says who called (consumer), for which
/// service (aud) and with which body (payloadhash), and sends it in the configured header, replacing the client's.
/// The body is hashed as it streams into a buffer that spills to a temporary file past 64 KiB, so memory per request
/// does not grow with the body; bodies over <c>max_body_size</c> get 413.
/// </summary>
internal sealed class UpstreamJwtHandler : GatewayPlugin<UpstreamJwtInstance>
{
    public const string TooLargeMessage = "Request size limit exceeded";

    private const int MemoryBufferBytes = 64 * 1024;

    private readonly ILogger<UpstreamJwtHandler> _logger;
    private readonly TimeProvider _time;

    public UpstreamJwtHandler(ILogger<UpstreamJwtHandler> logger, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentNullException.ThrowIfNull(time);
        _logger = logger;
        _time = time;
    }

    public override string Name => UpstreamJwtSchema.Name;

    public override string Version => UpstreamJwtSchema.Definition.Version;

    public override int Priority => UpstreamJwtSchema.Definition.Priority;

    // Keys are read here, at apply time, so no request waits on file I/O; a key that does not load yet must not refuse
    // the whole config version (a missing file on one node), so that failure is left to the first request to log.
    protected override UpstreamJwtInstance? Parse(JsonElement config, ICollection<string> errors)
    {
        if (config.Deserialize<UpstreamJwtOptions>(GatewayJson.Options) is not { } options)
        {
            return null;
        }

        var instance = new UpstreamJwtInstance(options);
        instance.Preload();
        return instance;
    }

    protected override async ValueTask AccessAsync(PluginContext context, UpstreamJwtInstance instance)
    {
        var options = instance.Options;
        var now = _time.GetUtcNow();
        if (ResolveKey(context, instance, now, out var failure) is not ({ } signer, var x5c))
        {
            if (failure is not null)
            {
                Log.KeyUnavailable(_logger, context.Route.Id, failure, null);
            }

            await context.ErrorAsync(StatusCodes.Status500InternalServerError);
            return;
        }

        var request = context.HttpContext.Request;
        var payloadHash = await HashBodyAsync(request, options.MaxBodySize, context.HttpContext.RequestAborted);
        if (payloadHash is null)
        {
            await context.ErrorAsync(StatusCodes.Status413PayloadTooLarge, TooLargeMessage);
            return;
        }

        var seconds = now.ToUnixTimeSeconds();
        var claims = new JsonObject
        {
            ["exp"] = seconds + options.ExpiresIn,
            ["jti"] = Guid.NewGuid().ToString(),
            ["payloadhash"] = payloadHash,
        };
        if (options.Issuer is not null)
        {
            claims["iat"] = seconds;
            claims["iss"] = options.Issuer;
        }

        if (context.Service?.Name is { } service)
        {
            claims["aud"] = service;
        }

        if (context.Consumer is { } consumer)
        {
            claims["consumerid"] = consumer.Id.ToString();
            if (consumer.Username is not null)
            {
                claims["consumername"] = consumer.Username;
            }
        }

        var header = new JsonObject { ["typ"] = "JWT" };
        if (signer.KeyId is not null)
        {
            header["kid"] = signer.KeyId;
        }

        if (x5c is not null)
        {
            header["x5c"] = new JsonArray([.. x5c.Select(c => JsonValue.Create(c))]);
        }

        var token = JwsWriter.Sign(signer.Key, signer.Algorithm, header, claims);
        request.Headers[options.Header] = options.IncludeCredentialType ? "Bearer " + token : token;
    }

    /// <summary>
    /// The signer from the instance's files, or from its key set (the key whose kid is <c>key_id</c>, else the newest,
    /// chosen once per config version); null with the reason in <paramref name="failure"/> when it should be logged now.
    /// </summary>
    private static (Signer Signer, IReadOnlyList<string>? X5c)? ResolveKey(PluginContext context, UpstreamJwtInstance instance, DateTimeOffset now, out string? failure)
    {
        var options = instance.Options;
        if (options.KeySet is not { } set)
        {
            return instance.GetKey(now, out failure) is { } files ? (files.Signer, files.X5c) : null;
        }

        if (context.Keys.Signer(set, options.KeyId, instance.Algorithm) is { } signer)
        {
            failure = null;
            return (signer, null);
        }

        failure = instance.FirstFailure($"key set '{set}' holds no key{(options.KeyId is null ? "" : $" with kid '{options.KeyId}'")} that can sign{(instance.Algorithm is { } alg ? $" {alg}" : "")}");
        return null;
    }

    /// <summary>
    /// The lower-case hex SHA-256 of the body, <c>""</c> for an empty one (Optum's contract), or null when it is larger
    /// than <paramref name="max"/>. The body is left buffered and rewound, so the upstream receives the bytes hashed.
    /// </summary>
    private static async Task<string?> HashBodyAsync(HttpRequest request, long max, CancellationToken cancellationToken)
    {
        if (request.ContentLength > max)
        {
            return null;
        }

        // A GET without Content-Length or Transfer-Encoding has no body: nothing to buffer.
        if (request.ContentLength == 0 || request.HttpContext.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpRequestBodyDetectionFeature>()?.CanHaveBody == false)
        {
            return string.Empty;
        }

        request.EnableBuffering(MemoryBufferBytes);
        request.Body.Position = 0;
        using var sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            long total = 0;
            int read;
            while ((read = await request.Body.ReadAsync(buffer, cancellationToken)) > 0)
            {
                total += read;
                if (total > max)
                {
                    return null;
                }

                sha256.AppendData(buffer, 0, read);
            }

            request.Body.Position = 0;
            return total == 0 ? string.Empty : Convert.ToHexStringLower(sha256.GetHashAndReset());
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static class Log
    {
        public static readonly Action<ILogger, Guid, string, Exception?> KeyUnavailable = LoggerMessage.Define<Guid, string>(
            LogLevel.Error, Logging.EventIds.SigningKeyUnavailable, "upstream-jwt on route {RouteId} cannot sign: {Reason}; its requests get 500 until the key is usable");
    }
}

/// <summary>
/// One upstream-jwt instance of a config version: its options and its key, loaded when the version is applied or, if
/// it did not load then, on first use. A key that failed to load on a request is retried after <see cref="RetryAfter"/>,
/// so an operator who fixes the file does not need a new config version.
/// </summary>
internal sealed class UpstreamJwtInstance(UpstreamJwtOptions options)
{
    /// <summary>The configured <c>algorithm</c>, parsed once (the schema allows only known names); null means the key's own.</summary>
    public JwsAlgorithm? Algorithm { get; } = options.Algorithm is { } name ? JwsAlgorithms.Parse(name) : null;

    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(5);

    private readonly Lock _gate = new();
    private UpstreamJwtKey? _key;
    private int _failureLogged;
    private DateTimeOffset _retryAt = DateTimeOffset.MinValue;

    public UpstreamJwtOptions Options { get; } = options;

    /// <summary>
    /// Loads the file key ahead of the first request when it loads now; when it does not, nothing is logged or remembered
    /// here, and the first request tries again (<see cref="GetKey"/>) and says why.
    /// </summary>
    public void Preload()
    {
        if (Options.KeySet is not null)
        {
            return;
        }

        try
        {
            _key = UpstreamJwtKey.Load(Options);
        }
        catch (UpstreamJwtKeyException)
        {
            // Left to GetKey.
        }
    }

    /// <summary><paramref name="reason"/> the first time a key-set key is missing (it stays so for the version), null after.</summary>
    public string? FirstFailure(string reason) => Interlocked.Exchange(ref _failureLogged, 1) == 0 ? reason : null;

    /// <summary>The key, or null; <paramref name="failure"/> says why when this call tried to load it (log it then).</summary>
    public UpstreamJwtKey? GetKey(DateTimeOffset now, out string? failure)
    {
        failure = null;
        if (Volatile.Read(ref _key) is { } key)
        {
            return key;
        }

        lock (_gate)
        {
            if (_key is not null || now < _retryAt)
            {
                return _key;
            }

            try
            {
                _key = UpstreamJwtKey.Load(Options);
            }
            catch (UpstreamJwtKeyException ex)
            {
                _retryAt = now + RetryAfter;
                failure = ex.Message;
            }

            return _key;
        }
    }
}
