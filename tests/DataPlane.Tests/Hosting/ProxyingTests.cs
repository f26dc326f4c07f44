using System.Net;
using System.Text.Json;
using HybridGateway.DataPlane.Tests.TestSupport;
using HybridGateway.Shared.Configuration;
using Microsoft.AspNetCore.Builder;
using static HybridGateway.DataPlane.Tests.TestSupport.Entities;

namespace HybridGateway.DataPlane.Tests.Hosting;

/// <summary>A real data-plane host proxying to a real loopback upstream, configured through the control plane's fetch endpoint.</summary>
[NonParallelizable]
public sealed class ProxyingTests
{
    private WebApplication _upstream = null!;
    private FakeControlPlaneServer _controlPlane = null!;
    private DataPlaneProcess _node = null!;
    private string _cacheDir = null!;
    private int _upstreamPort;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        Uri upstreamAddress;
        (_upstream, upstreamAddress) = await TestServers.StartEchoUpstreamAsync();
        _upstreamPort = upstreamAddress.Port;

        var service = Service(port: _upstreamPort, path: "/svc");
        var bare = Service(port: _upstreamPort);
        var down = Service(port: TestServers.ClosedPort(), retries: 2);
        var slow = Service(port: _upstreamPort, path: "/hang") with { ReadTimeout = 300, WriteTimeout = 300 };
        var term = Route(service, paths: ["/term"]);
        var body = Route(service, paths: ["/body"]);
        var trigger = Route(service, paths: ["/trigger"]);
        var echo = Route(service, paths: ["/echo-plugin"], name: "echo-route");
        var noContent = Route(service, paths: ["/no-content"]);
        var servicelessTerm = Route(paths: ["/nosvc-term"]);
        var config = new GatewayConfig
        {
            Services = [service, bare, down, slow],
            Routes =
            [
                Route(service, paths: ["/api"]),
                Route(bare, paths: ["/keep"], stripPath: false, preserveHost: true),
                Route(bare, paths: ["/hosted"], hosts: ["api.example.test"]),
                term, body, trigger, echo, noContent,
                Route(paths: ["/nosvc"]),
                servicelessTerm,
                Route(down, paths: ["/down"]),
                Route(slow, paths: ["/slow"]),
                Route(service, paths: ["/secure"], protocols: ["https"]),
            ],
            Plugins =
            [
                Plugin("request-termination", new { status_code = 403, message = "go away" }, route: term),
                Plugin("request-termination", new { status_code = 200, body = "<h1>hi</h1>", content_type = "text/html" }, route: body),
                Plugin("request-termination", new { status_code = 418, trigger = "x-stop" }, route: trigger),
                Plugin("request-termination", new { status_code = 200, echo = true }, route: echo),
                Plugin("request-termination", new { status_code = 204, message = "ignored" }, route: noContent),
                Plugin("request-termination", new { status_code = 503 }, route: servicelessTerm),
            ],
        };

        _controlPlane = new FakeControlPlaneServer();
        _controlPlane.Add(Payload(1, config));
        await _controlPlane.StartAsync();

        _cacheDir = Path.Combine(Path.GetTempPath(), "hg-dp-tests", Guid.NewGuid().ToString("N"));
        _node = await DataPlaneProcess.StartAsync(_controlPlane.Address, _cacheDir);
        await _node.WaitReadyAsync();
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await _node.DisposeAsync();
        await _controlPlane.DisposeAsync();
        await _upstream.StopAsync();
        await _upstream.DisposeAsync();
        Directory.Delete(_cacheDir, recursive: true);
    }

    [Test]
    public async Task Proxy_StripPath_JoinsServicePath_AndKeepsQuery()
    {
        var response = await _node.GetAsync("/api/users/7?x=1");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var echo = await (response).ReadJsonAsync();
        Assert.That(echo.GetProperty("path").GetString(), Is.EqualTo("/svc/users/7"));
        Assert.That(echo.GetProperty("query").GetString(), Is.EqualTo("?x=1"));
        Assert.That(echo.GetProperty("headers").GetProperty("host").GetString(), Is.EqualTo($"127.0.0.1:{_upstreamPort}"), "without preserve_host the upstream sees the service host");
    }

    [Test]
    public async Task Proxy_AddsKongResponseHeaders_AndRequestIdBothWays()
    {
        var response = await _node.GetAsync("/api/x");
        var echo = await (response).ReadJsonAsync();
        Assert.That(response.Headers.Contains("X-Kong-Upstream-Latency"), Is.True);
        Assert.That(response.Headers.Contains("X-Kong-Proxy-Latency"), Is.True);
        Assert.That(response.Headers.Via.ToString(), Does.StartWith("1.1 hybridgateway/"));
        var requestId = response.Headers.GetValues("X-Kong-Request-Id").Single();
        Assert.That(requestId, Has.Length.EqualTo(32));
        Assert.That(echo.GetProperty("headers").GetProperty("x-kong-request-id").GetString(), Is.EqualTo(requestId));
    }

    [Test]
    public async Task Proxy_ForwardedHeaders_AreKongs()
    {
        var response = await _node.GetAsync("/api/x", r =>
        {
            r.Headers.Host = "client.example:1234";
            r.Headers.Add("X-Forwarded-For", "10.0.0.1");
        });
        var headers = (await response.ReadJsonAsync()).GetProperty("headers");
        Assert.That(headers.GetProperty("x-forwarded-for").GetString(), Is.EqualTo("10.0.0.1, 127.0.0.1"));
        Assert.That(headers.GetProperty("x-forwarded-proto").GetString(), Is.EqualTo("http"));
        Assert.That(headers.GetProperty("x-forwarded-host").GetString(), Is.EqualTo("client.example"));
        Assert.That(headers.GetProperty("x-forwarded-port").GetString(), Is.EqualTo(_node.Proxy.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.That(headers.GetProperty("x-forwarded-path").GetString(), Is.EqualTo("/api/x"));
        Assert.That(headers.GetProperty("x-forwarded-prefix").GetString(), Is.EqualTo("/api"));
        Assert.That(headers.GetProperty("x-real-ip").GetString(), Is.EqualTo("127.0.0.1"));
    }

    [Test]
    public async Task Proxy_NoStrip_PreserveHost()
    {
        var response = await _node.GetAsync("/keep/me", r => r.Headers.Host = "original.example");
        var echo = await (response).ReadJsonAsync();
        Assert.That(echo.GetProperty("path").GetString(), Is.EqualTo("/keep/me"));
        Assert.That(echo.GetProperty("headers").GetProperty("host").GetString(), Is.EqualTo("original.example"));
    }

    [Test]
    public async Task Proxy_HostRoute_MatchesOnlyThatHost()
    {
        var matched = await _node.GetAsync("/hosted", r => r.Headers.Host = "api.example.test");
        var other = await _node.GetAsync("/hosted", r => r.Headers.Host = "other.example.test");
        Assert.That(matched.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(other.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task NoRoute_Returns404WithKongMessage()
    {
        var response = await _node.GetAsync("/nothing-here");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/json"));
        var body = await (response).ReadJsonAsync();
        Assert.That(body.GetProperty("message").GetString(), Is.EqualTo("no Route matched with those values"));
        Assert.That(body.GetProperty("request_id").GetString(), Has.Length.EqualTo(32));
    }

    [Test]
    public async Task StatusEndpoints_AreNotOnTheProxyPort()
    {
        var response = await _node.GetAsync("/health/live");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        var live = await _node.Client.GetAsync(new Uri(_node.Status, "/health/live"));
        Assert.That(live.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Status_ReportsVersionHashAndSource()
    {
        // The cache is written right after the swap that made the node ready: wait for it rather than race it.
        var status = await Eventually.UntilAsync(
            async () => await (await _node.Client.GetAsync(new Uri(_node.Status, "/status"))).ReadJsonAsync(),
            s => s.GetProperty("cache").GetProperty("status").GetString() == "written",
            "the disk cache to be written");
        Assert.That(status.GetProperty("config").GetProperty("version").GetInt64(), Is.EqualTo(1));
        Assert.That(status.GetProperty("config").GetProperty("hash").GetString(), Has.Length.EqualTo(64));
        Assert.That(status.GetProperty("config").GetProperty("source").GetString(), Is.EqualTo("fetch"));
        Assert.That(status.GetProperty("node_id").GetString(), Is.Not.Empty);
        Assert.That(status.GetProperty("last_apply_error").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(status.GetProperty("cache").GetProperty("status").GetString(), Is.EqualTo("written"));
    }

    [Test]
    public async Task StatusRuntime_ReportsAllocationCollectionsAndMemory_OnTheStatusPortOnly()
    {
        var first = await (await _node.Client.GetAsync(new Uri(_node.Status, "/status/runtime"))).ReadJsonAsync();
        Assert.That((await _node.GetAsync("/api/runtime")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var second = await (await _node.Client.GetAsync(new Uri(_node.Status, "/status/runtime"))).ReadJsonAsync();

        Assert.That(second.GetProperty("allocated_bytes").GetInt64(), Is.GreaterThan(first.GetProperty("allocated_bytes").GetInt64()), "a proxied request allocates");
        Assert.That(second.GetProperty("gen0_collections").GetInt32(), Is.GreaterThanOrEqualTo(second.GetProperty("gen1_collections").GetInt32()));
        Assert.That(second.GetProperty("gen2_collections").GetInt32(), Is.GreaterThanOrEqualTo(0));
        Assert.That(second.GetProperty("heap_size_bytes").GetInt64(), Is.GreaterThan(0));
        Assert.That(second.GetProperty("gc_pause_milliseconds").GetDouble(), Is.GreaterThanOrEqualTo(0));
        Assert.That(second.GetProperty("working_set_bytes").GetInt64(), Is.GreaterThan(0));
        Assert.That(second.GetProperty("peak_working_set_bytes").GetInt64(), Is.GreaterThanOrEqualTo(second.GetProperty("working_set_bytes").GetInt64()));
        Assert.That((await _node.GetAsync("/status/runtime")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "not on the proxy port");
    }

    [Test]
    public async Task RequestTermination_StatusAndMessage()
    {
        var response = await _node.GetAsync("/term");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("""{"message":"go away"}"""));
        Assert.That(response.Content.Headers.ContentType?.ToString(), Is.EqualTo("application/json; charset=utf-8"));
    }

    [Test]
    public async Task RequestTermination_RawBodyWithContentType()
    {
        var response = await _node.GetAsync("/body");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("<h1>hi</h1>"));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/html"));
    }

    [Test]
    public async Task RequestTermination_Trigger_OnlyWhenHeaderOrQueryPresent()
    {
        var passes = await _node.GetAsync("/trigger");
        Assert.That(passes.StatusCode, Is.EqualTo(HttpStatusCode.OK), "no trigger: proxied");
        Assert.That((await passes.ReadJsonAsync()).GetProperty("path").GetString(), Is.EqualTo("/svc"));

        var byHeader = await _node.GetAsync("/trigger", r => r.Headers.Add("X-Stop", "1"));
        Assert.That((int)byHeader.StatusCode, Is.EqualTo(418));
        Assert.That(await byHeader.Content.ReadAsStringAsync(), Is.Empty, "418 has no default message in the handler");

        var byQuery = await _node.GetAsync("/trigger?x-stop");
        Assert.That((int)byQuery.StatusCode, Is.EqualTo(418));
    }

    [Test]
    public async Task RequestTermination_Echo()
    {
        var response = await _node.GetAsync("/echo-plugin/a?q=1", r => r.Headers.Add("X-Custom", "yes"));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var echo = await (response).ReadJsonAsync();
        Assert.That(echo.GetProperty("request").GetProperty("path").GetString(), Is.EqualTo("/echo-plugin/a"));
        Assert.That(echo.GetProperty("request").GetProperty("method").GetString(), Is.EqualTo("GET"));
        Assert.That(echo.GetProperty("request").GetProperty("headers").GetProperty("x-custom").GetString(), Is.EqualTo("yes"));
        Assert.That(echo.GetProperty("request").GetProperty("query").GetProperty("q").GetString(), Is.EqualTo("1"));
        Assert.That(echo.GetProperty("matched_route").GetProperty("name").GetString(), Is.EqualTo("echo-route"));
        Assert.That(echo.GetProperty("matched_service").GetProperty("port").GetInt32(), Is.EqualTo(_upstreamPort));
        Assert.That(echo.GetProperty("kong").GetProperty("node_id").GetString(), Is.Not.Empty);
    }

    [Test]
    public async Task RequestTermination_204_SendsNoBody()
    {
        var response = await _node.GetAsync("/no-content");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(await response.Content.ReadAsStringAsync(), Is.Empty);
    }

    [Test]
    public async Task RouteWithoutService_Returns503NoService()
    {
        var response = await _node.GetAsync("/nosvc");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("""{"message":"no Service found with those values"}"""));
    }

    [Test]
    public async Task RouteWithoutService_StillRunsPlugins()
    {
        var response = await _node.GetAsync("/nosvc-term");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("""{"message":"Service unavailable"}"""), "the handler's default 503 message");
    }

    [Test]
    public async Task UpstreamDown_Returns502WithKongMessage()
    {
        var response = await _node.GetAsync("/down");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadGateway));
        var body = await (response).ReadJsonAsync();
        Assert.That(body.GetProperty("message").GetString(), Is.EqualTo("An invalid response was received from the upstream server"));
    }

    [Test]
    public async Task UpstreamDown_WithRequestBody_Returns502AfterRetries()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_node.Proxy, "/down")) { Content = new StringContent("{\"a\":1}", System.Text.Encoding.UTF8, "application/json") };
        var response = await _node.Client.SendAsync(request);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadGateway));
    }

    [Test]
    public async Task Proxy_PostBody_ReachesUpstream()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_node.Proxy, "/api/items")) { Content = new StringContent("payload") };
        var response = await _node.Client.SendAsync(request);
        var echo = await (response).ReadJsonAsync();
        Assert.That(echo.GetProperty("method").GetString(), Is.EqualTo("POST"));
        Assert.That(echo.GetProperty("headers").GetProperty("content-length").GetString(), Is.EqualTo("7"));
    }

    [Test]
    public async Task UpstreamReadTimeout_Returns504WithKongMessage()
    {
        var response = await _node.GetAsync("/slow");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.GatewayTimeout));
        var body = await (response).ReadJsonAsync();
        Assert.That(body.GetProperty("message").GetString(), Is.EqualTo("The upstream server is timing out"));
    }

    [Test]
    public async Task HttpsOnlyRoute_OverHttp_Returns426()
    {
        var response = await _node.GetAsync("/secure");
        Assert.That((int)response.StatusCode, Is.EqualTo(426));
        Assert.That((await response.ReadJsonAsync()).GetProperty("message").GetString(), Is.EqualTo("Please use HTTPS protocol"));
    }
}
