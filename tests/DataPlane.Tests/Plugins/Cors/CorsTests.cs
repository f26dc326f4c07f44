using System.Net;
using HybridGateway.DataPlane.Tests.TestSupport;
using HybridGateway.Shared.Configuration;
using static HybridGateway.DataPlane.Tests.TestSupport.Entities;

namespace HybridGateway.DataPlane.Tests.Plugins.Cors;

/// <summary>Kong's cors plugin (reference §3.2) through a real data-plane host and a real loopback upstream.</summary>
[NonParallelizable]
public sealed class CorsTests : ProxiedNodeTest
{
    private protected override GatewayConfig Config(int upstreamPort)
    {
        var service = Service(port: upstreamPort);
        var any = Route(service, paths: ["/any"]);
        var list = Route(service, paths: ["/list"]);
        var anyWithCredentials = Route(service, paths: ["/any-credentials"]);
        var proceed = Route(service, paths: ["/continue"]);
        var guarded = Route(service, paths: ["/guarded"]);
        var originRequired = Route(service, paths: ["/origin-required"]);
        var consumer = new ConsumerConfig { Id = Guid.NewGuid(), Username = "c" };
        return new GatewayConfig
        {
            Services = [service],
            Routes = [any, list, anyWithCredentials, proceed, guarded, originRequired],
            Consumers = [consumer],
            KeyAuthCredentials = [new KeyAuthCredentialConfig { Id = Guid.NewGuid(), Consumer = new EntityRef(consumer.Id), Key = "k" }],
            Plugins =
            [
                Plugin("cors", Cors(), route: any),
                Plugin("cors", Cors(
                    origins: ["http://exact.example:8080", "host.example", @"https://(.*)\.regex\.example"],
                    headers: ["X-One", "X-Two"],
                    exposedHeaders: ["X-Exposed"],
                    methods: ["GET", "POST"],
                    maxAge: 3600,
                    credentials: true,
                    privateNetwork: true), route: list),
                Plugin("cors", Cors(credentials: true), route: anyWithCredentials),
                Plugin("cors", Cors(preflightContinue: true), route: proceed),
                Plugin("cors", Cors(origins: ["https://app.example"]), route: guarded),
                Plugin("key-auth", new { key_names = new[] { "apikey" }, hide_credentials = false, anonymous = (string?)null, key_in_header = true, key_in_query = true, key_in_body = false, run_on_preflight = true, realm = (string?)null }, route: guarded),
                Plugin("cors", Cors(allowOriginAbsent: false), route: originRequired),
            ],
        };
    }

    [Test]
    public async Task Preflight_Defaults_200EmptyWithEveryMethod_AndTheRequestedHeaders()
    {
        var response = await Preflight("/any/x", "https://web.example", requestHeaders: "X-Custom, Content-Type");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await response.Content.ReadAsStringAsync(), Is.Empty);
        Assert.That(Header(response, "Access-Control-Allow-Origin"), Is.EqualTo("*"));
        Assert.That(Header(response, "Access-Control-Allow-Methods"), Is.EqualTo("GET,HEAD,PUT,PATCH,POST,DELETE,OPTIONS,TRACE,CONNECT"));
        Assert.That(Header(response, "Access-Control-Allow-Headers"), Is.EqualTo("X-Custom, Content-Type"));
        Assert.That(Header(response, "Access-Control-Max-Age"), Is.Null);
        Assert.That(Header(response, "Access-Control-Allow-Credentials"), Is.Null);

    }

    [TestCase("http://exact.example:8080", "http://exact.example:8080")]
    [TestCase("http://host.example", "http://host.example")]
    [TestCase("https://host.example:443", "https://host.example")]
    [TestCase("https://a.regex.example", "https://a.regex.example")]
    public async Task Preflight_ListedOrigin_IsEchoedNormalized_WithTheConfiguredValues(string origin, string allowed)
    {
        var response = await Preflight("/list/x", origin, privateNetwork: true);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(Header(response, "Access-Control-Allow-Origin"), Is.EqualTo(allowed));
        Assert.That(Header(response, "Vary"), Is.EqualTo("Origin"));
        Assert.That(Header(response, "Access-Control-Allow-Credentials"), Is.EqualTo("true"));
        Assert.That(Header(response, "Access-Control-Allow-Methods"), Is.EqualTo("GET,POST"));
        Assert.That(Header(response, "Access-Control-Allow-Headers"), Is.EqualTo("X-One,X-Two"));
        Assert.That(Header(response, "Access-Control-Max-Age"), Is.EqualTo("3600"));
        Assert.That(Header(response, "Access-Control-Allow-Private-Network"), Is.EqualTo("true"));
    }

    [TestCase("http://exact.example:9090", TestName = "same host, other port")]
    [TestCase("https://regex.example.evil", TestName = "regex anchored at the end")]
    [TestCase("http://a.regex.example", TestName = "regex anchored at the start")]
    public async Task Preflight_UnlistedOrigin_NoAllowOrigin_ButVary(string origin)
    {
        var response = await Preflight("/list/x", origin);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(Header(response, "Access-Control-Allow-Origin"), Is.Null);
        Assert.That(Header(response, "Vary"), Is.EqualTo("Origin"));
    }

    [Test]
    public async Task ActualRequest_GetsOriginExposeAndCredentials_OnTheUpstreamResponse()
    {
        var response = await Node.GetAsync("/list/x", r => r.Headers.Add("Origin", "http://host.example"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(Header(response, "Access-Control-Allow-Origin"), Is.EqualTo("http://host.example"));
        Assert.That(Header(response, "Access-Control-Expose-Headers"), Is.EqualTo("X-Exposed"));
        Assert.That(Header(response, "Access-Control-Allow-Credentials"), Is.EqualTo("true"));
        Assert.That(Header(response, "Access-Control-Allow-Methods"), Is.Null, "preflight-only");
    }

    [Test]
    public async Task Credentials_WithAnyOrigin_EchoTheRequestOrigin()
    {
        var response = await Node.GetAsync("/any-credentials/x", r => r.Headers.Add("Origin", "https://web.example"));

        Assert.That(Header(response, "Access-Control-Allow-Origin"), Is.EqualTo("https://web.example"));
        Assert.That(Header(response, "Access-Control-Allow-Credentials"), Is.EqualTo("true"));
        Assert.That(Header(response, "Vary"), Is.EqualTo("Origin"));
    }

    [Test]
    public async Task PreflightContinue_GoesToTheUpstream_WithoutCorsHeaders()
    {
        var response = await Preflight("/continue/x", "https://web.example");

        Assert.That((await response.ReadJsonAsync()).GetProperty("method").GetString(), Is.EqualTo("OPTIONS"), "the echo upstream answered");
        Assert.That(Header(response, "Access-Control-Allow-Origin"), Is.Null);
    }

    [Test]
    public async Task AuthenticationFailure_401_StillCarriesCorsHeaders_AndPreflightNeedsNoKey()
    {
        var refused = await Node.GetAsync("/guarded/x", r => r.Headers.Add("Origin", "https://app.example"));
        var preflight = await Preflight("/guarded/x", "https://app.example");

        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(Header(refused, "Access-Control-Allow-Origin"), Is.EqualTo("https://app.example"), "so a browser can read the 401");
        Assert.That(preflight.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task AllowOriginAbsentFalse_NoOrigin_NoHeaders()
    {
        var without = await Node.GetAsync("/origin-required/x");
        var with = await Node.GetAsync("/origin-required/x", r => r.Headers.Add("Origin", "https://web.example"));

        Assert.That(Header(without, "Access-Control-Allow-Origin"), Is.Null);
        Assert.That(Header(with, "Access-Control-Allow-Origin"), Is.EqualTo("*"));
    }

    [Test]
    public async Task OptionsWithoutRequestMethod_IsNotAPreflight()
    {
        using var request = new HttpRequestMessage(HttpMethod.Options, new Uri(Node.Proxy, "/any/x"));
        request.Headers.Add("Origin", "https://web.example");
        var response = await Node.Client.SendAsync(request);

        Assert.That((await response.ReadJsonAsync()).GetProperty("method").GetString(), Is.EqualTo("OPTIONS"));
        Assert.That(Header(response, "Access-Control-Allow-Origin"), Is.EqualTo("*"));
    }

    private async Task<HttpResponseMessage> Preflight(string path, string origin, string? requestHeaders = null, bool privateNetwork = false)
    {
        using var request = new HttpRequestMessage(HttpMethod.Options, new Uri(Node.Proxy, path));
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "POST");
        if (requestHeaders is not null)
        {
            request.Headers.TryAddWithoutValidation("Access-Control-Request-Headers", requestHeaders);
        }

        if (privateNetwork)
        {
            request.Headers.Add("Access-Control-Request-Private-Network", "true");
        }

        return await Node.Client.SendAsync(request);
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? string.Join(", ", values)
            : null;

    private static object Cors(
        string[]? origins = null,
        string[]? headers = null,
        string[]? exposedHeaders = null,
        string[]? methods = null,
        double? maxAge = null,
        bool credentials = false,
        bool privateNetwork = false,
        bool preflightContinue = false,
        bool allowOriginAbsent = true) => new
        {
            origins,
            headers,
            exposed_headers = exposedHeaders,
            methods = methods ?? ["GET", "HEAD", "PUT", "PATCH", "POST", "DELETE", "OPTIONS", "TRACE", "CONNECT"],
            max_age = maxAge,
            credentials,
            private_network = privateNetwork,
            preflight_continue = preflightContinue,
            allow_origin_absent = allowOriginAbsent,
        };
}
