using HybridGateway.DataPlane.Routing;
using HybridGateway.DataPlane.Tests.TestSupport;
using HybridGateway.Shared.Configuration;
using Microsoft.AspNetCore.Http;
using static HybridGateway.DataPlane.Tests.TestSupport.Entities;

namespace HybridGateway.DataPlane.Tests.Routing;

public sealed class KongRouterTests
{
    private static readonly ServiceConfig Svc = Service(path: null);

    public sealed record Req(string Path, string Method = "GET", string? Host = "example.com", string Scheme = "http", Dictionary<string, string[]>? Headers = null)
    {
        public override string ToString() => $"{Method} {Scheme}://{Host}{Path}";
    }

    /// <summary>Each case: routes (named), a request, and the name of the route that must win (null: no match).</summary>
    public static IEnumerable<TestCaseData> MatchCases()
    {
        TestCaseData Case(string name, RouteConfig[] routes, Req request, string? expected) =>
            new TestCaseData(routes, request, expected).SetName($"Match_{name}");

        // Paths: prefix and regex.
        yield return Case("PrefixMatches", [Route(Svc, paths: ["/foo"], name: "a")], new Req("/foo/bar"), "a");
        yield return Case("PrefixIsPlainStringPrefix", [Route(Svc, paths: ["/foo"], name: "a")], new Req("/foobar"), "a");
        yield return Case("PrefixDoesNotMatchOtherPath", [Route(Svc, paths: ["/foo"], name: "a")], new Req("/bar"), null);
        yield return Case("PrefixIsCaseSensitive", [Route(Svc, paths: ["/foo"], name: "a")], new Req("/FOO"), null);
        yield return Case("RegexAnchoredAtStart", [Route(Svc, paths: [@"~/users/\d+"], name: "a")], new Req("/api/users/1"), null);
        yield return Case("RegexMatches", [Route(Svc, paths: [@"~/users/\d+"], name: "a")], new Req("/users/42/orders"), "a");
        yield return Case("RegexFullyAnchoredWithDollar", [Route(Svc, paths: [@"~/users/\d+$"], name: "a")], new Req("/users/42/orders"), null);
        yield return Case("LongestPrefixWins", [Route(Svc, paths: ["/a"], name: "short"), Route(Svc, paths: ["/a/b"], name: "long")], new Req("/a/b/c"), "long");
        yield return Case("LongestPrefixWinsWithinOneRoute", [Route(Svc, paths: ["/a", "/a/b/c"], name: "multi"), Route(Svc, paths: ["/a/b"], name: "mid")], new Req("/a/b/c/d"), "multi");
        yield return Case("ShorterPrefixWhenLongerDoesNotMatch", [Route(Svc, paths: ["/a"], name: "short"), Route(Svc, paths: ["/a/b"], name: "long")], new Req("/a/x"), "short");
        yield return Case("RegexBeatsPrefix", [Route(Svc, paths: ["/users/1"], name: "prefix"), Route(Svc, paths: [@"~/users/\d"], name: "regex")], new Req("/users/1"), "regex");
        yield return Case("RegexPriorityOrdersRegexes", [Route(Svc, paths: [@"~/a/.*"], regexPriority: 1, name: "low"), Route(Svc, paths: [@"~/a/b"], regexPriority: 5, name: "high")], new Req("/a/b"), "high");
        yield return Case("RegexPriorityIgnoredForPrefix", [Route(Svc, paths: ["/a/b/c"], regexPriority: 0, name: "longer"), Route(Svc, paths: ["/a"], regexPriority: 100, name: "shorter")], new Req("/a/b/c"), "longer");
        yield return Case("OlderRouteWinsTie", [Route(Svc, paths: ["/same"], createdAt: 20, name: "newer"), Route(Svc, paths: ["/same"], createdAt: 10, name: "older")], new Req("/same"), "older");

        // Hosts.
        yield return Case("ExactHost", [Route(Svc, hosts: ["example.com"], name: "a")], new Req("/", Host: "example.com"), "a");
        yield return Case("HostIsCaseInsensitive", [Route(Svc, hosts: ["Example.COM"], name: "a")], new Req("/", Host: "EXAMPLE.com"), "a");
        yield return Case("HostIgnoresRequestPort", [Route(Svc, hosts: ["example.com"], name: "a")], new Req("/", Host: "example.com:8000"), "a");
        yield return Case("HostWithPortNeedsThatPort", [Route(Svc, hosts: ["example.com:8000"], name: "a")], new Req("/", Host: "example.com:9000"), null);
        yield return Case("HostWithPortMatchesThatPort", [Route(Svc, hosts: ["example.com:8000"], name: "a")], new Req("/", Host: "example.com:8000"), "a");
        yield return Case("HostWithDefaultPortMatchesNoPort", [Route(Svc, hosts: ["example.com:80"], name: "a")], new Req("/", Host: "example.com"), "a");
        yield return Case("OtherHostDoesNotMatch", [Route(Svc, hosts: ["example.com"], name: "a")], new Req("/", Host: "other.com"), null);
        yield return Case("MissingHostDoesNotMatch", [Route(Svc, hosts: ["example.com"], name: "a")], new Req("/", Host: null), null);
        yield return Case("LeadingWildcard", [Route(Svc, hosts: ["*.example.com"], name: "a")], new Req("/", Host: "api.example.com"), "a");
        yield return Case("LeadingWildcardManyLabels", [Route(Svc, hosts: ["*.example.com"], name: "a")], new Req("/", Host: "a.b.example.com"), "a");
        yield return Case("LeadingWildcardNotApex", [Route(Svc, hosts: ["*.example.com"], name: "a")], new Req("/", Host: "example.com"), null);
        yield return Case("TrailingWildcard", [Route(Svc, hosts: ["example.*"], name: "a")], new Req("/", Host: "example.org"), "a");
        yield return Case("TrailingWildcardOtherName", [Route(Svc, hosts: ["example.*"], name: "a")], new Req("/", Host: "sample.org"), null);
        yield return Case("PlainHostBeatsWildcard", [Route(Svc, hosts: ["*.example.com"], name: "wild"), Route(Svc, hosts: ["api.example.com"], name: "plain")], new Req("/", Host: "api.example.com"), "plain");
        yield return Case("MixedHostsCountAsWildcard", [Route(Svc, hosts: ["api.example.com", "*.other.com"], name: "mixed"), Route(Svc, hosts: ["api.example.com"], name: "plain")], new Req("/", Host: "api.example.com"), "plain");

        // Methods.
        yield return Case("MethodMatches", [Route(Svc, methods: ["GET", "POST"], name: "a")], new Req("/", Method: "POST"), "a");
        yield return Case("MethodMismatch", [Route(Svc, methods: ["GET"], name: "a")], new Req("/", Method: "DELETE"), null);

        // Headers.
        yield return Case("HeaderPlainValue", [Route(Svc, headers: new() { ["x-version"] = ["v1", "v2"] }, name: "a")], new Req("/", Headers: new() { ["X-Version"] = ["v2"] }), "a");
        yield return Case("HeaderPlainValueCaseInsensitive", [Route(Svc, headers: new() { ["x-version"] = ["V1"] }, name: "a")], new Req("/", Headers: new() { ["x-version"] = ["v1"] }), "a");
        yield return Case("HeaderMissing", [Route(Svc, headers: new() { ["x-version"] = ["v1"] }, name: "a")], new Req("/"), null);
        yield return Case("HeaderWrongValue", [Route(Svc, headers: new() { ["x-version"] = ["v1"] }, name: "a")], new Req("/", Headers: new() { ["x-version"] = ["v3"] }), null);
        yield return Case("HeaderRegexCaseInsensitive", [Route(Svc, headers: new() { ["x-version"] = [@"~*^V\d+$"] }, name: "a")], new Req("/", Headers: new() { ["x-version"] = ["v42"] }), "a");
        yield return Case("HeaderAnyOfSeveralRequestValues", [Route(Svc, headers: new() { ["x-tag"] = ["b"] }, name: "a")], new Req("/", Headers: new() { ["x-tag"] = ["a", "b"] }), "a");
        yield return Case("AllHeadersRequired", [Route(Svc, headers: new() { ["x-a"] = ["1"], ["x-b"] = ["2"] }, name: "a")], new Req("/", Headers: new() { ["x-a"] = ["1"] }), null);
        yield return Case("MoreHeadersWin", [Route(Svc, headers: new() { ["x-a"] = ["1"] }, name: "one"), Route(Svc, headers: new() { ["x-a"] = ["1"], ["x-b"] = ["2"] }, name: "two")], new Req("/", Headers: new() { ["x-a"] = ["1"], ["x-b"] = ["2"] }), "two");

        // Priority across categories.
        yield return Case("MoreCategoriesWin", [Route(Svc, paths: ["/a/very/long/prefix"], name: "path"), Route(Svc, paths: ["/a"], methods: ["GET"], name: "pathAndMethod")], new Req("/a/very/long/prefix"), "pathAndMethod");
        yield return Case("HostsBeatPathsAtEqualCategories", [Route(Svc, paths: ["/a/b/c/d"], methods: ["GET"], name: "pathMethod"), Route(Svc, hosts: ["example.com"], methods: ["GET"], name: "hostMethod")], new Req("/a/b/c/d"), "hostMethod");
        yield return Case("PlainHostsBeforeHeaderCount", [Route(Svc, paths: [@"~/x"], hosts: ["example.com"], name: "regexHost"), Route(Svc, paths: ["/x"], headers: new() { ["x-a"] = ["1"] }, name: "prefixHeader")], new Req("/x", Headers: new() { ["x-a"] = ["1"] }), "regexHost");
        yield return Case("AllCategoriesMustMatch", [Route(Svc, paths: ["/a"], hosts: ["example.com"], methods: ["GET"], name: "a")], new Req("/a", Method: "POST"), null);

        // Protocols.
        yield return Case("HttpOnlyRouteNotOnHttps", [Route(Svc, paths: ["/a"], protocols: ["http"], name: "a")], new Req("/a", Scheme: "https"), null);
        yield return Case("HttpsOnlyRouteMatchesHttpForRedirect", [Route(Svc, paths: ["/a"], protocols: ["https"], name: "a")], new Req("/a", Scheme: "http"), "a");
        yield return Case("GrpcRoutesIgnored", [Route(Svc, paths: ["/a"], protocols: ["grpc"], name: "a")], new Req("/a"), null);
    }

    [TestCaseSource(nameof(MatchCases))]
    public void Match(RouteConfig[] routes, Req request, string? expected)
    {
        var router = Build(routes);
        var match = router.Match(ToRequest(request));
        Assert.That(match?.Route.Name, Is.EqualTo(expected));
    }

    [Test]
    public void Match_HttpsOnlyRouteOverHttp_FlagsHttpsRequired()
    {
        var router = Build([Route(Svc, paths: ["/a"], protocols: ["https"], name: "a")]);
        Assert.That(router.Match(ToRequest(new Req("/a")))!.HttpsRequired, Is.True);
        Assert.That(router.Match(ToRequest(new Req("/a", Scheme: "https")))!.HttpsRequired, Is.False);
    }

    [Test]
    public void Match_StripPath_ComputesUpstreamPathAndPrefix()
    {
        var service = Service(path: "/svc");
        var router = Build([Route(service, paths: ["/api"], name: "a")], service);
        var match = router.Match(ToRequest(new Req("/api/users")))!;
        Assert.That(match.UpstreamPath, Is.EqualTo("/svc/users"));
        Assert.That(match.StrippedPrefix, Is.EqualTo("/api"));
    }

    [Test]
    public void Match_RegexStrip_RemovesWholeRegexMatch()
    {
        var router = Build([Route(Svc, paths: [@"~/v\d+/users"], name: "a")]);
        var match = router.Match(ToRequest(new Req("/v2/users/7")))!;
        Assert.That(match.UpstreamPath, Is.EqualTo("/7"));
        Assert.That(match.StrippedPrefix, Is.EqualTo("/v2/users"));
    }

    [Test]
    public void Build_InvalidRegexAndHost_ReportsEveryError()
    {
        var errors = new List<string>();
        KongRouter.Build([Route(Svc, paths: ["~/(unclosed"]), Route(Svc, hosts: ["a.*.com"]), Route(Svc)], ServiceMap(Svc), errors);
        Assert.That(errors, Has.Count.EqualTo(3));
        Assert.That(errors, Has.Some.Contains("invalid regex"));
        Assert.That(errors, Has.Some.Contains("wildcard"));
        Assert.That(errors, Has.Some.Contains("must set one of"));
    }

    [Test]
    public void Build_RouteWithSeveralPaths_OrdersEachPathByItsOwnPriority()
    {
        var router = Build([Route(Svc, paths: ["/a", "/a/b/c"], name: "multi"), Route(Svc, paths: ["/a/b"], name: "mid")]);
        var order = router.Order.Select(o => o.Path).ToArray();
        Assert.That(order, Is.EqualTo(new[] { "/a/b/c", "/a/b", "/a" }));
    }

    private static KongRouter Build(RouteConfig[] routes, params ServiceConfig[] extra)
    {
        var errors = new List<string>();
        var router = KongRouter.Build(routes, ServiceMap([Svc, .. extra]), errors);
        Assert.That(errors, Is.Empty);
        return router;
    }

    private static Dictionary<Guid, ServiceConfig> ServiceMap(params ServiceConfig[] services) => services.DistinctBy(s => s.Id).ToDictionary(s => s.Id);

    private static RouteRequest ToRequest(Req request)
    {
        var headers = new HeaderDictionary();
        foreach (var (name, values) in request.Headers ?? [])
        {
            headers[name] = values;
        }

        return new RouteRequest(request.Method, request.Scheme, request.Host, request.Path, headers);
    }
}
