using System.Collections.Frozen;
using System.Text.RegularExpressions;
using HybridGateway.Shared.Configuration;

namespace HybridGateway.DataPlane.Routing;

/// <summary>
/// Kong's route matching (<c>traditional_compatible</c> flavor) for methods, hosts, headers, paths and protocols.
/// Built once per config version; matching reads only immutable, precompiled data and takes no lock.
/// </summary>
internal sealed class KongRouter
{
    /// <summary>Regexes come from administrators; a pathological one must not stall a request thread.</summary>
    public static readonly TimeSpan RegexTimeout = TimeSpan.FromMilliseconds(100);

    private readonly Candidate[] _candidates;

    private KongRouter(Candidate[] candidates)
    {
        _candidates = candidates;
    }

    public static KongRouter Empty { get; } = new([]);

    /// <summary>How many (route, path) candidates the router evaluates, in priority order.</summary>
    public int CandidateCount => _candidates.Length;

    /// <summary>Route ids in the order the router tries them (for tests and diagnostics).</summary>
    public IEnumerable<(Guid RouteId, string? Path)> Order => _candidates.Select(c => (c.Route.Id, c.Path?.Configured));

    /// <summary>Compiles every route; problems are added to <paramref name="errors"/> (the caller rejects the config).</summary>
    public static KongRouter Build(IReadOnlyList<RouteConfig> routes, IReadOnlyDictionary<Guid, ServiceConfig> services, ICollection<string> errors)
    {
        ArgumentNullException.ThrowIfNull(routes);
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(errors);

        var candidates = new List<Candidate>();
        foreach (var route in routes)
        {
            var routeErrors = new List<string>();
            ServiceConfig? service = null;
            if (route.Service is { } reference && !services.TryGetValue(reference.Id, out service))
            {
                routeErrors.Add($"service {reference.Id} does not exist");
            }

            var protocols = (route.Protocols ?? []).Select(p => p.ToLowerInvariant()).ToFrozenSet(StringComparer.Ordinal);
            if (!protocols.Contains("http") && !protocols.Contains("https"))
            {
                // Only http(s) routes are served by this proxy (grpc/tcp routes are ignored).
                continue;
            }

            var methods = route.Methods is { Count: > 0 }
                ? route.Methods.Select(m => m.ToUpperInvariant()).ToFrozenSet(StringComparer.Ordinal)
                : null;

            HostMatcher[]? hosts = null;
            if (route.Hosts is { Count: > 0 })
            {
                var parsed = new List<HostMatcher>();
                foreach (var host in route.Hosts)
                {
                    if (HostMatcher.Parse(host, out var error) is { } matcher)
                    {
                        parsed.Add(matcher);
                    }
                    else
                    {
                        routeErrors.Add($"hosts: {error}");
                    }
                }

                hosts = [.. parsed];
            }

            HeaderMatcher[]? headers = null;
            if (route.Headers is { Count: > 0 })
            {
                var parsed = new List<HeaderMatcher>();
                foreach (var (name, values) in route.Headers)
                {
                    if (HeaderMatcher.Create(name, values, out var error) is { } matcher)
                    {
                        parsed.Add(matcher);
                    }
                    else
                    {
                        routeErrors.Add($"headers: {error}");
                    }
                }

                headers = [.. parsed];
            }

            var paths = new List<PathMatcher>();
            foreach (var path in route.Paths ?? [])
            {
                if (PathMatcher.Create(path, out var error) is { } matcher)
                {
                    paths.Add(matcher);
                }
                else
                {
                    routeErrors.Add($"paths: {error}");
                }
            }

            var categories = (route.Methods is { Count: > 0 } ? 1 : 0) + (route.Hosts is { Count: > 0 } ? 1 : 0)
                + (route.Headers is { Count: > 0 } ? 1 : 0) + (route.Paths is { Count: > 0 } ? 1 : 0) + (route.Snis is { Count: > 0 } ? 1 : 0);
            if (categories == 0)
            {
                routeErrors.Add("must set one of 'methods', 'hosts', 'headers', 'paths', 'snis'");
            }

            if (routeErrors.Count > 0)
            {
                foreach (var error in routeErrors)
                {
                    errors.Add($"routes {route.Id}: {error}");
                }

                continue;
            }

            var plainHostsOnly = hosts is { Length: > 0 } && hosts.All(h => !h.IsWildcard);
            var common = new RouteData(route, service, protocols, methods, hosts, headers, categories, plainHostsOnly);

            // Kong splits a route with several paths into one candidate per path, each with its own priority.
            if (paths.Count == 0)
            {
                candidates.Add(new Candidate(common, null));
            }
            else
            {
                candidates.AddRange(paths.Select(p => new Candidate(common, p)));
            }
        }

        candidates.Sort(static (a, b) => ComparePriority(a, b));
        return new KongRouter([.. candidates]);
    }

    /// <summary>Returns the best route for the request, or null when none matches.</summary>
    public RouteMatch? Match(in RouteRequest request)
    {
        var scheme = request.Scheme.ToLowerInvariant();
        var (hostName, port) = HostMatcher.SplitHost(request.Host, scheme);
        foreach (var candidate in _candidates)
        {
            if (candidate.TryMatch(request, scheme, hostName, port, out var match))
            {
                return match;
            }
        }

        return null;
    }

    // Kong's get_priority, highest first: matcher categories, plain hosts only, header count, regex path,
    // regex_priority (regex only), prefix length. Ties: oldest route first, then id, for a stable order.
    private static int ComparePriority(Candidate a, Candidate b)
    {
        int c;
        if ((c = b.Data.Categories.CompareTo(a.Data.Categories)) != 0)
        {
            return c;
        }

        if ((c = b.Data.PlainHostsOnly.CompareTo(a.Data.PlainHostsOnly)) != 0)
        {
            return c;
        }

        if ((c = (b.Data.Headers?.Length ?? 0).CompareTo(a.Data.Headers?.Length ?? 0)) != 0)
        {
            return c;
        }

        var aRegex = a.Path?.IsRegex ?? false;
        var bRegex = b.Path?.IsRegex ?? false;
        if ((c = bRegex.CompareTo(aRegex)) != 0)
        {
            return c;
        }

        if (aRegex && (c = b.Data.Route.RegexPriority.CompareTo(a.Data.Route.RegexPriority)) != 0)
        {
            return c;
        }

        if ((c = (b.Path?.PrefixLength ?? 0).CompareTo(a.Path?.PrefixLength ?? 0)) != 0)
        {
            return c;
        }

        if ((c = a.Data.Route.CreatedAt.CompareTo(b.Data.Route.CreatedAt)) != 0)
        {
            return c;
        }

        return a.Data.Route.Id.CompareTo(b.Data.Route.Id);
    }

    private sealed record RouteData(
        RouteConfig Route,
        ServiceConfig? Service,
        FrozenSet<string> Protocols,
        FrozenSet<string>? Methods,
        HostMatcher[]? Hosts,
        HeaderMatcher[]? Headers,
        int Categories,
        bool PlainHostsOnly);

    private sealed class Candidate(RouteData data, PathMatcher? path)
    {
        public RouteData Data { get; } = data;

        public PathMatcher? Path { get; } = path;

        public RouteConfig Route => Data.Route;

        public bool TryMatch(in RouteRequest request, string scheme, string hostName, int port, out RouteMatch? match)
        {
            match = null;
            var httpsRequired = false;
            if (!Data.Protocols.Contains(scheme))
            {
                // Kong matches an https-only route over http, then answers with its https_redirect_status_code.
                if (!(scheme == "http" && Data.Protocols.Contains("https")))
                {
                    return false;
                }

                httpsRequired = true;
            }

            if (Data.Methods is { } methods && !methods.Contains(request.Method))
            {
                return false;
            }

            if (Data.Hosts is { } hosts && !MatchesAnyHost(hosts, hostName, port))
            {
                return false;
            }

            if (Data.Headers is { } headers)
            {
                foreach (var header in headers)
                {
                    if (!header.Matches(request.Headers))
                    {
                        return false;
                    }
                }
            }

            var matchedLength = 0;
            if (Path is { } path && !path.TryMatch(request.Path, out matchedLength))
            {
                return false;
            }

            var route = Data.Route;
            var stripped = route.StripPath ? request.Path[..matchedLength] : string.Empty;
            var upstream = UpstreamPath.Join(route.PathHandling, route.StripPath, Data.Service?.Path, request.Path, matchedLength);
            match = new RouteMatch(route, Data.Service, Path?.Configured, stripped, upstream, httpsRequired);
            return true;
        }

        private static bool MatchesAnyHost(HostMatcher[] hosts, string name, int port)
        {
            foreach (var host in hosts)
            {
                if (host.Matches(name, port))
                {
                    return true;
                }
            }

            return false;
        }
    }

    private sealed class PathMatcher
    {
        private readonly Regex? _regex;
        private readonly string? _prefix;

        private PathMatcher(string configured, string? prefix, Regex? regex)
        {
            Configured = configured;
            _prefix = prefix;
            _regex = regex;
        }

        public string Configured { get; }

        public bool IsRegex => _regex is not null;

        public int PrefixLength => _prefix?.Length ?? 0;

        public static PathMatcher? Create(string configured, out string? error)
        {
            error = null;
            if (string.IsNullOrEmpty(configured))
            {
                error = "a path must not be empty";
                return null;
            }

            if (configured[0] == '~')
            {
                try
                {
                    // Kong anchors regex paths at the start of the path.
                    var regex = new Regex("^(?:" + configured[1..] + ")", RegexOptions.CultureInvariant | RegexOptions.Compiled, RegexTimeout);
                    return new PathMatcher(configured, null, regex);
                }
                catch (ArgumentException ex)
                {
                    error = $"invalid regex '{configured}': {ex.Message}";
                    return null;
                }
            }

            if (configured[0] != '/')
            {
                error = $"'{configured}' must start with '/' (or '~' for a regex)";
                return null;
            }

            return new PathMatcher(configured, configured, null);
        }

        public bool TryMatch(string path, out int matchedLength)
        {
            if (_prefix is not null)
            {
                matchedLength = _prefix.Length;
                return path.StartsWith(_prefix, StringComparison.Ordinal);
            }

            matchedLength = 0;
            try
            {
                var match = _regex!.Match(path);
                if (!match.Success)
                {
                    return false;
                }

                matchedLength = match.Length;
                return true;
            }
            catch (RegexMatchTimeoutException)
            {
                return false;
            }
        }
    }

    private sealed class HeaderMatcher
    {
        private readonly string _name;
        private readonly FrozenSet<string> _plain;
        private readonly Regex[] _regexes;

        private HeaderMatcher(string name, FrozenSet<string> plain, Regex[] regexes)
        {
            _name = name;
            _plain = plain;
            _regexes = regexes;
        }

        public static HeaderMatcher? Create(string name, IReadOnlyList<string> values, out string? error)
        {
            error = null;
            if (string.IsNullOrWhiteSpace(name) || string.Equals(name, "host", StringComparison.OrdinalIgnoreCase))
            {
                error = $"invalid header name '{name}' (use 'hosts' for the Host header)";
                return null;
            }

            var plain = new List<string>();
            var regexes = new List<Regex>();
            foreach (var value in values ?? [])
            {
                if (value.StartsWith("~*", StringComparison.Ordinal))
                {
                    try
                    {
                        regexes.Add(new Regex(value[2..], RegexOptions.CultureInvariant | RegexOptions.IgnoreCase | RegexOptions.Compiled, RegexTimeout));
                    }
                    catch (ArgumentException ex)
                    {
                        error = $"invalid regex '{value}' for header '{name}': {ex.Message}";
                        return null;
                    }
                }
                else
                {
                    // Kong compares plain header values case-insensitively.
                    plain.Add(value.ToLowerInvariant());
                }
            }

            if (plain.Count == 0 && regexes.Count == 0)
            {
                error = $"header '{name}' needs at least one value";
                return null;
            }

            return new HeaderMatcher(name, plain.ToFrozenSet(StringComparer.Ordinal), [.. regexes]);
        }

        public bool Matches(IHeaderDictionary headers)
        {
            if (!headers.TryGetValue(_name, out var values))
            {
                return false;
            }

            foreach (var value in values)
            {
                if (value is null)
                {
                    continue;
                }

                if (_plain.Count > 0 && _plain.Contains(value.ToLowerInvariant()))
                {
                    return true;
                }

                foreach (var regex in _regexes)
                {
                    try
                    {
                        if (regex.IsMatch(value))
                        {
                            return true;
                        }
                    }
                    catch (RegexMatchTimeoutException)
                    {
                        // A timed-out regex does not match.
                    }
                }
            }

            return false;
        }
    }
}
