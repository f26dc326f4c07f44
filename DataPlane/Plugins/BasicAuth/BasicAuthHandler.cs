using System.Buffers;
using System.Buffers.Text;
using System.Text;
using System.Text.Json;
using HybridGateway.DataPlane.Plugins.Authentication;
using HybridGateway.Shared.Configuration;
using HybridGateway.Shared.Plugins.BasicAuth;
using HybridGateway.Shared.Plugins.Sdk;
using Microsoft.Net.Http.Headers;

namespace HybridGateway.DataPlane.Plugins.BasicAuth;

/// <summary>
/// Kong's <c>basic-auth</c>: reads <c>username:password</c> from <c>Proxy-Authorization</c>, then
/// <c>Authorization</c>, finds the credential by username in the config version's index, checks the password against
/// its PBKDF2 hash (<see cref="BasicAuthVerifier"/>), and identifies the consumer; Kong's 401, anonymous fallback and
/// <c>hide_credentials</c>.
/// </summary>
internal sealed class BasicAuthHandler : GatewayPlugin<BasicAuthInstance>
{
    public const string UnauthorizedMessage = "Unauthorized";

    public override string Name => BasicAuthSchema.Name;

    public override string Version => BasicAuthSchema.Definition.Version;

    public override int Priority => BasicAuthSchema.Definition.Priority;

    // The config was validated with Shared's schema (defaults filled) before the runtime is built.
    protected override BasicAuthInstance? Parse(JsonElement config, ICollection<string> errors) =>
        config.Deserialize<BasicAuthOptions>(GatewayJson.Options) is { } options ? new BasicAuthInstance(options) : null;

    protected override async ValueTask AccessAsync(PluginContext context, BasicAuthInstance instance)
    {
        var options = instance.Options;
        if (ConsumerIdentity.AlreadyAuthenticated(context, options.Anonymous))
        {
            return;
        }

        var headers = context.HttpContext.Request.Headers;
        var consumers = context.Consumers;
        BasicAuthCredentialConfig? credential = null;
        var password = Array.Empty<byte>();
        string? headerRead = null;

        // As Kong: a credential named in Proxy-Authorization decides; otherwise Authorization must name one.
        foreach (var header in (ReadOnlySpan<string>)[HeaderNames.ProxyAuthorization, HeaderNames.Authorization])
        {
            if (TryParse(headers[header], out var username, out var given))
            {
                headerRead = header;
                if (consumers.BasicAuthCredentials.TryGetValue(username, out credential))
                {
                    password = given;
                    break;
                }
            }
        }

        ConsumerConfig? consumer = null;
        if (credential is null
            || !consumers.BasicAuthVerifier.Verify(credential, password)
            || !consumers.ById.TryGetValue(credential.Consumer.Id, out consumer))
        {
            await ConsumerIdentity.FailAsync(context, options.Anonymous, () => context.ErrorAsync(StatusCodes.Status401Unauthorized, UnauthorizedMessage, instance.Challenge));
            return;
        }

        if (options.HideCredentials && headerRead is not null)
        {
            headers.Remove(headerRead);
        }

        ConsumerIdentity.Authenticated(context, Name, consumer, credential.Username);
    }

    /// <summary>
    /// Kong's parsing: <c>\s*[Bb]asic\s*(.+)</c>, base64 (padding optional), then <c>username:password</c> split at the
    /// first colon with a non-empty username; the password stays raw bytes and may contain colons.
    /// </summary>
    internal static bool TryParse(string? value, out string username, out byte[] password)
    {
        username = string.Empty;
        password = [];
        var text = value.AsSpan().TrimStart();
        if (text.Length < 6 || !(text.StartsWith("Basic", StringComparison.Ordinal) || text.StartsWith("basic", StringComparison.Ordinal)))
        {
            return false;
        }

        var encoded = text[5..].Trim();
        if (encoded.IsEmpty || encoded.Length > 8 * 1024)
        {
            return false;
        }

        var padded = encoded.Length % 4 == 0 ? encoded.ToString() : encoded.ToString() + new string('=', 4 - (encoded.Length % 4));
        var decoded = new byte[Base64.GetMaxDecodedFromUtf8Length(padded.Length)];
        if (!Convert.TryFromBase64String(padded, decoded, out var length))
        {
            return false;
        }

        var pair = decoded.AsSpan(0, length);
        var colon = pair.IndexOf((byte)':');
        if (colon <= 0)
        {
            return false;
        }

        username = Encoding.UTF8.GetString(pair[..colon]);
        password = pair[(colon + 1)..].ToArray();
        return true;
    }
}

/// <summary>A basic-auth instance of a config version: its options and its <c>WWW-Authenticate</c> challenge, prepared once.</summary>
internal sealed class BasicAuthInstance(BasicAuthOptions options)
{
    public BasicAuthOptions Options { get; } = options;

    public IReadOnlyDictionary<string, string> Challenge { get; } = new Dictionary<string, string>
    {
        [HeaderNames.WWWAuthenticate] = $"Basic realm=\"{options.Realm}\"",
    };
}
