using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using HybridGateway.Tests.Common;

namespace HybridGateway.EndToEnd.Tests.Cluster;

/// <summary>What the Admin API answered.</summary>
internal sealed record AdminReply(HttpStatusCode Status, JsonObject? Body, string Raw)
{
    public string Id => Body?["id"]?.ToString() ?? throw new InvalidOperationException($"no id in {Raw}");

    public override string ToString() => $"{(int)Status} {Raw}";
}

/// <summary>Kong tutorial requests against the Admin API, and what the data planes answer.</summary>
internal static class Kong
{
    public const string NoRouteMessage = "no Route matched with those values";

    private static int _counter;

    /// <summary>A name unique to this test run (entities are shared by every test of the run).</summary>
    public static string UniqueName(string prefix) =>
        $"{prefix}-{Interlocked.Increment(ref _counter)}-{Guid.NewGuid().ToString("N")[..6]}";

    /// <summary>curl --data k=v ... (application/x-www-form-urlencoded).</summary>
    public static Task<AdminReply> FormAsync(HttpMethod method, string path, params (string Key, string Value)[] fields) =>
        SendAsync(new HttpRequestMessage(method, path)
        {
            Content = new FormUrlEncodedContent(fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value))),
        });

    /// <summary>curl --json '{...}'.</summary>
    public static Task<AdminReply> JsonAsync(HttpMethod method, string path, object body) =>
        SendAsync(new HttpRequestMessage(method, path) { Content = JsonContent.Create(body) });

    public static Task<AdminReply> SendAsync(HttpMethod method, string path) => SendAsync(new HttpRequestMessage(method, path));

    public static async Task<AdminReply> SendAsync(HttpRequestMessage request)
    {
        using (request)
        {
            using var response = await ClusterSetUp.System.ControlPlane.Admin.SendAsync(request);
            var raw = await response.Content.ReadAsStringAsync();
            JsonObject? body = null;
            try
            {
                body = raw.Length > 0 ? JsonNode.Parse(raw) as JsonObject : null;
            }
            catch (System.Text.Json.JsonException)
            {
            }

            return new AdminReply(response.StatusCode, body, raw);
        }
    }

    /// <summary>Creates a service (form-encoded, `url=` shorthand) and a route on it with `paths[]=`; asserts both 201.</summary>
    public static async Task<(string Service, string Route, string Path)> CreateServiceAndRouteAsync(string upstreamUrl, string prefix)
    {
        var service = UniqueName($"{prefix}-svc");
        var route = UniqueName($"{prefix}-route");
        var path = "/" + UniqueName(prefix);
        var created = await FormAsync(HttpMethod.Post, "/services", ("name", service), ("url", upstreamUrl));
        Assert.That(created.Status, Is.EqualTo(HttpStatusCode.Created), $"POST /services: {created}");
        var routed = await FormAsync(HttpMethod.Post, $"/services/{service}/routes", ("name", route), ("paths[]", path));
        Assert.That(routed.Status, Is.EqualTo(HttpStatusCode.Created), $"POST /services/{service}/routes: {routed}");
        return (service, route, path);
    }

    /// <summary>Sends a request through <paramref name="node"/>'s proxy.</summary>
    public static async Task<(HttpStatusCode Status, string Body, HttpResponseMessage Response)> ProxyAsync(
        DataPlaneNode node, HttpMethod method, string pathAndQuery, string? body = null, IDictionary<string, string>? headers = null)
    {
        using var request = new HttpRequestMessage(method, pathAndQuery);
        if (body is not null)
        {
            request.Content = new StringContent(body);
        }

        foreach (var (key, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.TryAddWithoutValidation(key, value);
        }

        var response = await node.Proxy.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(), response);
    }

    /// <summary>Polls every data plane until <paramref name="pathAndQuery"/> is proxied to an echo that satisfies <paramref name="accept"/>.</summary>
    public static async Task<IReadOnlyList<EchoedRequest>> WaitForEchoOnAllAsync(
        string pathAndQuery,
        Func<EchoedRequest, bool> accept,
        TimeSpan? deadline = null,
        HttpMethod? method = null,
        string? body = null,
        IDictionary<string, string>? headers = null,
        Func<EchoedRequest, bool>? never = null)
    {
        var echoes = new List<EchoedRequest>();
        foreach (var node in ClusterSetUp.System.DataPlanes)
        {
            string last = "(no response)";
            try
            {
                echoes.Add(await Poll.UntilAsync(
                    async () =>
                    {
                        var (status, text, response) = await ProxyAsync(node, method ?? HttpMethod.Get, pathAndQuery, body, headers);
                        response.Dispose();
                        last = $"{(int)status} {text}";
                        var echo = status == HttpStatusCode.OK ? EchoedRequest.TryParse(text) : null;
                        if (echo is not null && never is not null && never(echo))
                        {
                            // A state no single config version describes: fail at once, polling must not hide it.
                            throw new AssertionException($"{node.Name} answered a state that no config version describes: {text}");
                        }

                        return echo is not null && accept(echo) ? echo : null;
                    },
                    deadline,
                    $"{node.Name} to proxy {pathAndQuery}"));
            }
            catch (TimeoutException ex)
            {
                Assert.Fail($"{ex.Message}; last answer: {last}{ClusterSetUp.System.Diagnostics()}");
            }
        }

        return echoes;
    }

    /// <summary>Polls every data plane until <paramref name="pathAndQuery"/> answers <paramref name="status"/>; returns the bodies.</summary>
    public static async Task<IReadOnlyList<(string Body, string? ContentType)>> WaitForStatusOnAllAsync(
        string pathAndQuery, HttpStatusCode status, Func<string, bool>? accept = null, TimeSpan? deadline = null)
    {
        var bodies = new List<(string, string?)>();
        foreach (var node in ClusterSetUp.System.DataPlanes)
        {
            string last = "(no response)";
            try
            {
                bodies.Add(await Poll.UntilAsync<(string, string?)?>(
                    async () =>
                    {
                        var (actual, text, response) = await ProxyAsync(node, HttpMethod.Get, pathAndQuery);
                        using (response)
                        {
                            last = $"{(int)actual} {text}";
                            return actual == status && (accept?.Invoke(text) ?? true)
                                ? (text, response.Content.Headers.ContentType?.ToString())
                                : null;
                        }
                    },
                    deadline,
                    $"{node.Name} to answer {(int)status} on {pathAndQuery}") ?? default);
            }
            catch (TimeoutException ex)
            {
                Assert.Fail($"{ex.Message}; last answer: {last}{ClusterSetUp.System.Diagnostics()}");
            }
        }

        return bodies;
    }

    /// <summary>Polls until every data plane answers Kong's 404 "no Route matched" on <paramref name="pathAndQuery"/>.</summary>
    public static Task WaitForNoRouteOnAllAsync(string pathAndQuery) =>
        WaitForStatusOnAllAsync(pathAndQuery, HttpStatusCode.NotFound, body => JsonNode.Parse(body)?["message"]?.ToString() == NoRouteMessage);

    /// <summary>The <c>/clustering/data-planes</c> entry of <paramref name="node"/>, or null.</summary>
    public static async Task<JsonObject?> ClusteringEntryAsync(DataPlaneNode node)
    {
        var id = await node.GetNodeIdAsync();
        var entries = await ClusterSetUp.System.ControlPlane.DataPlaneEntriesAsync();
        return entries.FirstOrDefault(e => string.Equals(e["id"]?.ToString(), id, StringComparison.OrdinalIgnoreCase));
    }
}
