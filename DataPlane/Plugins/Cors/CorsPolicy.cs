using System.Globalization;
using System.Text.RegularExpressions;
using HybridGateway.Shared.Plugins.Cors;
using HybridGateway.Shared.Validation;

namespace HybridGateway.DataPlane.Plugins.Cors;

/// <summary>
/// A cors plugin instance's config, prepared once per config version: origins classified and compiled the way Kong's
/// handler does on first use (exact origin, bare host, or regular expression anchored at both ends), header values
/// joined.
/// </summary>
internal sealed class CorsPolicy
{
    public CorsPolicy(CorsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var origins = options.Origins ?? [];
        AllowsAnyOrigin = origins.Count == 0 || (origins.Count == 1 && origins[0] == "*");
        Origins = AllowsAnyOrigin ? [] : [.. origins.Select(OriginMatcher.Create)];
        AllowHeaders = options.Headers is { Count: > 0 } headers ? string.Join(',', headers) : null;
        ExposeHeaders = options.ExposedHeaders is { Count: > 0 } exposed ? string.Join(',', exposed) : null;
        AllowMethods = string.Join(',', options.Methods ?? CorsSchema.Methods);
        MaxAge = options.MaxAge?.ToString(CultureInfo.InvariantCulture);
        Credentials = options.Credentials;
        PrivateNetwork = options.PrivateNetwork;
        PreflightContinue = options.PreflightContinue;
        AllowOriginAbsent = options.AllowOriginAbsent;
    }

    public bool AllowsAnyOrigin { get; }

    public IReadOnlyList<OriginMatcher> Origins { get; }

    public string? AllowHeaders { get; }

    public string? ExposeHeaders { get; }

    public string AllowMethods { get; }

    public string? MaxAge { get; }

    public bool Credentials { get; }

    public bool PrivateNetwork { get; }

    public bool PreflightContinue { get; }

    public bool AllowOriginAbsent { get; }

    /// <summary>The normalized request origin when one of <see cref="Origins"/> accepts it; null otherwise.</summary>
    public string? Match(string requestOrigin)
    {
        var normalized = NormalizedOrigin.Of(requestOrigin);
        foreach (var origin in Origins)
        {
            if (origin.Matches(requestOrigin, normalized))
            {
                return normalized.Domain;
            }
        }

        return null;
    }
}

/// <summary>
/// An origin as Kong's <c>normalize_origin</c> sees it: <c>scheme://host[:port]</c> without the scheme's default port,
/// and its host; a value that is not an absolute URL is its own domain and host.
/// </summary>
internal readonly record struct NormalizedOrigin(string Domain, string Host)
{
    public static NormalizedOrigin Of(string origin)
    {
        if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
        {
            return new NormalizedOrigin(origin, origin);
        }

        var port = uri.IsDefaultPort ? string.Empty : ":" + uri.Port.ToString(CultureInfo.InvariantCulture);
        return new NormalizedOrigin($"{uri.Scheme}://{uri.Host}{port}", uri.Host);
    }
}

/// <summary>One configured origin: exact (<c>https://a.example:8443</c>), a bare host (<c>a.example</c>) or a regex.</summary>
internal sealed class OriginMatcher
{
    private readonly Regex? _regex;
    private readonly NormalizedOrigin _origin;
    private readonly bool _byHost;

    private OriginMatcher(Regex? regex, NormalizedOrigin origin, bool byHost)
    {
        _regex = regex;
        _origin = origin;
        _byHost = byHost;
    }

    public static OriginMatcher Create(string entry)
    {
        // Kong: anything beyond letters, digits and . : / - is a regex, anchored at both ends even when the user did not.
        if (entry.AsSpan().IndexOfAnyExcept(PlainOriginCharacters) >= 0)
        {
            var pattern = entry.StartsWith('^') ? entry[1..] : entry;
            if (!pattern.EndsWith('$'))
            {
                pattern += "$";
            }

            var regex = new Regex($@"\A(?:{pattern})", RegexOptions.CultureInvariant, EntitySchemas.RegexTimeout);
            return new OriginMatcher(regex, default, byHost: false);
        }

        return new OriginMatcher(null, NormalizedOrigin.Of(entry), byHost: !entry.Contains(':', StringComparison.Ordinal));
    }

    public bool Matches(string requestOrigin, NormalizedOrigin normalized)
    {
        if (_regex is null)
        {
            return _byHost
                ? string.Equals(_origin.Host, normalized.Host, StringComparison.OrdinalIgnoreCase)
                : string.Equals(_origin.Domain, normalized.Domain, StringComparison.OrdinalIgnoreCase);
        }

        try
        {
            return _regex.IsMatch(requestOrigin.ToLowerInvariant());
        }
        catch (RegexMatchTimeoutException)
        {
            // A pathological pattern never admits an origin.
            return false;
        }
    }

    private static readonly System.Buffers.SearchValues<char> PlainOriginCharacters =
        System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789.:/-");
}
