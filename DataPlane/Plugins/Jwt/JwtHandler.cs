using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using HybridGateway.DataPlane.Plugins.Authentication;
using HybridGateway.DataPlane.Responses;
using HybridGateway.Shared.Configuration;
using HybridGateway.Shared.Plugins.Jwt;
using HybridGateway.Shared.Plugins.Sdk;

namespace HybridGateway.DataPlane.Plugins.Jwt;

/// <summary>
/// Kong's <c>jwt</c> access phase (reference §3.1): preflight, anonymous OR-mode, token collection from query,
/// cookies and headers, <see cref="JwtTokenVerifier"/> for the token itself, then the consumer and Kong's upstream
/// headers; Kong's bodies and <c>WWW-Authenticate</c> values exactly. Verified tokens are cached per config version.
/// </summary>
internal sealed partial class JwtHandler : GatewayPlugin<JwtPluginOptions>
{
    /// <summary>Where the raw token is left for later plugins (Kong's <c>kong.ctx.shared.authenticated_jwt_token</c>).</summary>
    public const string AuthenticatedTokenItem = "authenticated_jwt_token";

    private static readonly byte[] UnauthorizedBody = Body("Unauthorized");
    private static readonly byte[] MultipleTokensBody = Body("Multiple tokens provided");
    private static readonly byte[] UnrecognizableTokenBody = Body("Unrecognizable token");

    private readonly TimeProvider _time;

    public JwtHandler(TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        _time = time;
    }

    public override string Name => JwtSchema.Name;

    public override string Version => JwtSchema.Definition.Version;

    public override int Priority => JwtSchema.Definition.Priority;

    // The config was validated with Shared's schema (defaults filled) before the runtime is built.
    protected override JwtPluginOptions? Parse(JsonElement config, ICollection<string> errors)
    {
        if (config.Deserialize<JwtOptions>(GatewayJson.Options) is { } options)
        {
            return new JwtPluginOptions(options);
        }

        errors.Add("config: expected a record");
        return null;
    }

    protected override async ValueTask AccessAsync(PluginContext context, JwtPluginOptions plugin)
    {
        var options = plugin.Options;
        var request = context.HttpContext.Request;
        if (!options.RunOnPreflight && HttpMethods.IsOptions(request.Method))
        {
            return;
        }

        if (ConsumerIdentity.AlreadyAuthenticated(context, options.Anonymous))
        {
            return;
        }

        var tokens = CollectTokens(request, options);
        if (tokens.Count == 0)
        {
            await FailAsync(context, options, UnauthorizedBody, plugin.NoTokenHeaders);
            return;
        }

        if (tokens.Count > 1)
        {
            await FailAsync(context, options, MultipleTokensBody, plugin.InvalidTokenHeaders);
            return;
        }

        if (tokens.Token is not { } token)
        {
            await FailAsync(context, options, UnrecognizableTokenBody, plugin.InvalidTokenHeaders);
            return;
        }

        var consumers = context.Consumers;
        var state = consumers.GetOrAddPluginState(
            plugin, static (_, a) => new JwtInstanceState(a.plugin, a.consumers, a.time), (plugin, consumers, time: _time));
        var now = _time.GetUtcNow().ToUnixTimeSeconds();
        if (!state.Cache.TryGet(token, now, out var credential, out var consumer))
        {
            var verification = state.Verifier.Verify(token);
            if (!verification.Succeeded)
            {
                await FailAsync(context, options, Encoding.UTF8.GetBytes(verification.ToJsonBody()), plugin.InvalidTokenHeaders);
                return;
            }

            credential = verification.Credential!;
            if (!consumers.ById.TryGetValue(credential.ConsumerId, out consumer))
            {
                // Kong sends no challenge here: the token was fine, the data is not.
                var missing = JwtVerification.Fail($"Could not find consumer for '{options.KeyClaimName}={credential.Key}'");
                await FailAsync(context, options, Encoding.UTF8.GetBytes(missing.ToJsonBody()), headers: null);
                return;
            }

            state.Cache.Add(token, credential, consumer, verification.Expiration, now);
        }

        ConsumerIdentity.Authenticated(context, Name, consumer!, credential!.Key);
        context.HttpContext.Items[AuthenticatedTokenItem] = token;
    }

    /// <summary>Kong's failure: the anonymous consumer when configured, else <c>kong.response.exit</c> with a compact JSON body.</summary>
    private static Task FailAsync(PluginContext context, JwtOptions options, byte[] body, IReadOnlyDictionary<string, string>? headers) =>
        ConsumerIdentity.FailAsync(
            context,
            options.Anonymous,
            () => context.ExitAsync(StatusCodes.Status401Unauthorized, body, KongResponses.JsonContentType, headers));

    /// <summary>Kong's token set (step 2): identical strings count once; <c>?jwt</c> without a value is a non-string member.</summary>
    private static TokenSet CollectTokens(HttpRequest request, JwtOptions options)
    {
        var set = default(TokenSet);
        if (options.UriParamNames.Count > 0 && request.QueryString.Value is { Length: > 1 } query)
        {
            CollectQuery(query.AsSpan(1), options.UriParamNames, ref set);
        }

        foreach (var name in options.CookieNames)
        {
            if (request.Cookies[name] is { Length: > 0 } cookie)
            {
                set.Add(cookie);
            }
        }

        foreach (var name in options.HeaderNames)
        {
            // Only the first value of a repeated header counts, as in Kong.
            var values = request.Headers[name];
            if (values.Count > 0 && values[0] is { } value && BearerPattern().Match(value) is { Success: true } match
                && match.Groups[1].Value is { Length: > 0 } bearer)
            {
                set.Add(bearer);
            }
        }

        return set;
    }

    /// <summary>
    /// Reads the raw query because ASP.NET's parser cannot tell <c>?jwt</c> (Kong: boolean true) from <c>?jwt=</c>
    /// (empty, ignored). Every value of a repeated parameter counts.
    /// </summary>
    private static void CollectQuery(ReadOnlySpan<char> query, IReadOnlyList<string> names, ref TokenSet set)
    {
        foreach (var range in query.Split('&'))
        {
            var pair = query[range];
            var equals = pair.IndexOf('=');
            var name = Unescape(equals < 0 ? pair : pair[..equals]);
            if (!Contains(names, name))
            {
                continue;
            }

            if (equals < 0)
            {
                set.AddFlag();
            }
            else if (Unescape(pair[(equals + 1)..]) is { Length: > 0 } value)
            {
                set.Add(value);
            }
        }
    }

    private static bool Contains(IReadOnlyList<string> names, string name)
    {
        foreach (var candidate in names)
        {
            if (string.Equals(candidate, name, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static string Unescape(ReadOnlySpan<char> text)
    {
        if (!text.ContainsAny('%', '+'))
        {
            return text.ToString();
        }

        return Uri.UnescapeDataString(text.ToString().Replace('+', ' '));
    }

    private static byte[] Body(string message) => Encoding.UTF8.GetBytes(JwtVerification.Fail(message).ToJsonBody());

    // Kong's pattern, unanchored, first match: "Basic …" and "BEARER …" give no token.
    [GeneratedRegex(@"\s*[Bb]earer\s+(.+)", RegexOptions.CultureInvariant)]
    private static partial Regex BearerPattern();

    /// <summary>Kong's de-duplicating set, without allocating: the first token, whether another differed, and the flag.</summary>
    private struct TokenSet
    {
        private bool _different;
        private bool _flag;

        public string? Token { get; private set; }

        public readonly int Count => (Token is null ? 0 : 1) + (_flag ? 1 : 0) + (_different ? 1 : 0);

        public void Add(string token)
        {
            if (Token is null)
            {
                Token = token;
            }
            else if (!string.Equals(Token, token, StringComparison.Ordinal))
            {
                _different = true;
            }
        }

        public void AddFlag() => _flag = true;
    }
}
