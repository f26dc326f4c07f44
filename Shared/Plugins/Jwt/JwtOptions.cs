namespace HybridGateway.Shared.Plugins.Jwt;

/// <summary>
/// Config of Kong's <c>jwt</c> plugin. Read from a plugin's validated <c>config</c> (defaults filled) with
/// <see cref="Configuration.GatewayJson.Options"/>; the defaults here are Kong's, for code-first use.
/// </summary>
public sealed record JwtOptions
{
    /// <summary>Query-string parameters searched for a token.</summary>
    public IReadOnlyList<string> UriParamNames { get; init; } = ["jwt"];

    /// <summary>Cookies searched for a token.</summary>
    public IReadOnlyList<string> CookieNames { get; init; } = [];

    /// <summary>Headers searched for <c>Bearer &lt;token&gt;</c>; replaces the default list.</summary>
    public IReadOnlyList<string> HeaderNames { get; init; } = ["authorization"];

    /// <summary>The claim holding the credential's <c>key</c>: payload first, then the JOSE header.</summary>
    public string KeyClaimName { get; init; } = "iss";

    /// <summary>HS* only: the stored secret is base64-decoded before the HMAC.</summary>
    public bool SecretIsBase64 { get; init; }

    /// <summary>Registered claims to verify (<c>exp</c>, <c>nbf</c>); null checks none.</summary>
    public IReadOnlyList<string>? ClaimsToVerify { get; init; }

    /// <summary>A consumer id or username to fall back to when authentication fails.</summary>
    public string? Anonymous { get; init; }

    /// <summary>When false, <c>OPTIONS</c> requests skip the plugin.</summary>
    public bool RunOnPreflight { get; init; } = true;

    /// <summary>Seconds; when above 0, tokens whose <c>exp</c> lies further ahead are refused.</summary>
    public double MaximumExpiration { get; init; }

    /// <summary>Adds <c>realm="…"</c> to <c>WWW-Authenticate</c>.</summary>
    public string? Realm { get; init; }
}
