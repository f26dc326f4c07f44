namespace HybridGateway.DataPlane.Routing;

/// <summary>One entry of a route's <c>hosts</c>: exact, <c>*.suffix</c> or <c>prefix.*</c>, with or without a port.</summary>
internal sealed class HostMatcher
{
    private readonly string _name;
    private readonly int? _port;
    private readonly HostKind _kind;

    private HostMatcher(string name, int? port, HostKind kind)
    {
        _name = name;
        _port = port;
        _kind = kind;
    }

    private enum HostKind
    {
        Exact,
        SuffixWildcard,
        PrefixWildcard,
    }

    public bool IsWildcard => _kind != HostKind.Exact;

    public static HostMatcher? Parse(string configured, out string? error)
    {
        error = null;
        var text = configured.Trim().ToLowerInvariant();
        int? port = null;
        var colon = text.LastIndexOf(':');
        if (colon > 0 && !text.EndsWith(']'))
        {
            if (!int.TryParse(text.AsSpan(colon + 1), out var p) || p is < 0 or > 65535)
            {
                error = $"invalid port in host '{configured}'";
                return null;
            }

            port = p;
            text = text[..colon];
        }

        if (text.StartsWith("*.", StringComparison.Ordinal) && text.Length > 2 && !text[2..].Contains('*'))
        {
            return new HostMatcher(text[1..], port, HostKind.SuffixWildcard);
        }

        if (text.EndsWith(".*", StringComparison.Ordinal) && text.Length > 2 && !text[..^2].Contains('*'))
        {
            return new HostMatcher(text[..^1], port, HostKind.PrefixWildcard);
        }

        if (text.Length == 0 || text.Contains('*'))
        {
            error = $"invalid host '{configured}': a wildcard must be the first or the last label";
            return null;
        }

        return new HostMatcher(text, port, HostKind.Exact);
    }

    /// <param name="name">The request host name, lower case, without port.</param>
    /// <param name="port">The request port (explicit in the Host header, or the scheme's default).</param>
    public bool Matches(string name, int port)
    {
        if (_port is { } p && p != port)
        {
            return false;
        }

        return _kind switch
        {
            HostKind.Exact => string.Equals(name, _name, StringComparison.Ordinal),
            HostKind.SuffixWildcard => name.Length > _name.Length && name.EndsWith(_name, StringComparison.Ordinal),
            _ => name.Length > _name.Length && name.StartsWith(_name, StringComparison.Ordinal),
        };
    }

    /// <summary>Splits a Host header into a lower-case name and a port (the scheme's default when absent).</summary>
    public static (string Name, int Port) SplitHost(string? host, string scheme)
    {
        var defaultPort = string.Equals(scheme, "https", StringComparison.OrdinalIgnoreCase) ? 443 : 80;
        if (string.IsNullOrEmpty(host))
        {
            return (string.Empty, defaultPort);
        }

        var text = host.ToLowerInvariant();
        var colon = text.LastIndexOf(':');
        if (colon > 0 && (text[0] != '[' || text[colon - 1] == ']') && int.TryParse(text.AsSpan(colon + 1), out var port))
        {
            return (text[..colon], port);
        }

        return (text, defaultPort);
    }
}
