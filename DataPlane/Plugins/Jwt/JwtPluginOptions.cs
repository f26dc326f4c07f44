using HybridGateway.Shared.Plugins.Jwt;

namespace HybridGateway.DataPlane.Plugins.Jwt;

/// <summary>A jwt plugin instance's config, parsed once per config version, with its challenges prepared.</summary>
internal sealed class JwtPluginOptions
{
    public JwtPluginOptions(JwtOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options;
        Settings = new JwtVerifierSettings(options);
        var realm = options.Realm is null ? string.Empty : $" realm=\"{options.Realm}\"";
        NoTokenHeaders = new Dictionary<string, string> { ["WWW-Authenticate"] = "Bearer" + realm };
        InvalidTokenHeaders = new Dictionary<string, string>
        {
            ["WWW-Authenticate"] = options.Realm is null ? "Bearer error=\"invalid_token\"" : $"Bearer{realm}, error=\"invalid_token\"",
        };
    }

    public JwtOptions Options { get; }

    public JwtVerifierSettings Settings { get; }

    /// <summary>Kong's challenge when no token was found (reference §3.2).</summary>
    public IReadOnlyDictionary<string, string> NoTokenHeaders { get; }

    /// <summary>Kong's challenge for every other token failure.</summary>
    public IReadOnlyDictionary<string, string> InvalidTokenHeaders { get; }
}
