using System.Net;
using System.Text;
using System.Text.Json;
using HybridGateway.DataPlane.Tests.TestSupport;
using HybridGateway.Shared.Configuration;
using static HybridGateway.DataPlane.Tests.TestSupport.Entities;

namespace HybridGateway.DataPlane.Tests.Plugins.KeyAuth;

/// <summary>Kong's key-auth through a real data-plane host and a real loopback upstream.</summary>
[NonParallelizable]
public sealed class KeyAuthTests : ProxiedNodeTest
{
    private static readonly ConsumerConfig Alice = new() { Id = Guid.NewGuid(), Username = "alice", CustomId = "a-1" };
    private static readonly ConsumerConfig Bob = new() { Id = Guid.NewGuid(), Username = "bob" };
    private static readonly ConsumerConfig Guest = new() { Id = Guid.NewGuid(), Username = "guest" };
    private static readonly KeyAuthCredentialConfig AliceKey = new() { Id = Guid.NewGuid(), Consumer = new EntityRef(Alice.Id), Key = "alice-key" };
    private static readonly KeyAuthCredentialConfig BobKey = new() { Id = Guid.NewGuid(), Consumer = new EntityRef(Bob.Id), Key = "bob-key" };
    private static readonly KeyAuthCredentialConfig ExpiredKey = new() { Id = Guid.NewGuid(), Consumer = new EntityRef(Bob.Id), Key = "expired-key", CreatedAt = 1_000_000, Ttl = 10 };

    private protected override GatewayConfig Config(int upstreamPort)
    {
        var service = Service(port: upstreamPort);
        var plain = Route(service, paths: ["/plain"]);
        var custom = Route(service, paths: ["/custom"]);
        var anonymous = Route(service, paths: ["/anon"]);
        var brokenAnonymous = Route(service, paths: ["/broken-anon"]);
        var hidden = Route(service, paths: ["/hidden"]);
        var body = Route(service, paths: ["/body"]);
        return new GatewayConfig
        {
            Services = [service],
            Routes = [plain, custom, anonymous, brokenAnonymous, hidden, body],
            Consumers = [Alice, Bob, Guest],
            KeyAuthCredentials = [AliceKey, BobKey, ExpiredKey],
            Plugins =
            [
                Plugin("key-auth", KongDefaults(), route: plain),
                Plugin("key-auth", KongDefaults(keyNames: ["x-api-key", "token"], realm: "shop", keyInQuery: false), route: custom),
                Plugin("key-auth", KongDefaults(anonymous: "guest"), route: anonymous),
                Plugin("key-auth", KongDefaults(anonymous: "nobody"), route: brokenAnonymous),
                Plugin("key-auth", KongDefaults(hide: true), route: hidden),
                Plugin("key-auth", KongDefaults(keyInBody: true), route: body),
            ],
        };
    }

    [Test]
    public async Task KeyInHeader_Authenticates_AndSetsKongHeadersOverSpoofedOnes()
    {
        var response = await Node.GetAsync("/plain/x", r =>
        {
            r.Headers.Add("apikey", "alice-key");
            r.Headers.Add("X-Consumer-Username", "mallory");
            r.Headers.Add("X-Anonymous-Consumer", "true");
        });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var headers = (await response.ReadJsonAsync()).GetProperty("headers");
        Assert.That(headers.GetProperty("x-consumer-id").GetString(), Is.EqualTo(Alice.Id.ToString()));
        Assert.That(headers.GetProperty("x-consumer-username").GetString(), Is.EqualTo("alice"));
        Assert.That(headers.GetProperty("x-consumer-custom-id").GetString(), Is.EqualTo("a-1"));
        Assert.That(headers.GetProperty("x-credential-identifier").GetString(), Is.EqualTo(AliceKey.Id.ToString()), "key-auth identifies the credential by its id");
        Assert.That(headers.TryGetProperty("x-anonymous-consumer", out _), Is.False);
        Assert.That(headers.GetProperty("apikey").GetString(), Is.EqualTo("alice-key"), "not hidden by default");
    }

    [Test]
    public async Task KeyInQuery_Authenticates_ConsumerWithoutCustomId_ClearsThatHeader()
    {
        var response = await Node.GetAsync("/plain/x?apikey=bob-key", r => r.Headers.Add("X-Consumer-Custom-ID", "spoofed"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var headers = (await response.ReadJsonAsync()).GetProperty("headers");
        Assert.That(headers.GetProperty("x-consumer-username").GetString(), Is.EqualTo("bob"));
        Assert.That(headers.TryGetProperty("x-consumer-custom-id", out _), Is.False);
    }

    [Test]
    public async Task NoKey_401_KongMessageAndChallenge()
    {
        var response = await Node.GetAsync("/plain/x");
        var body = await (response).ReadJsonAsync();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(body.GetProperty("message").GetString(), Is.EqualTo("No API key found in request"));
        Assert.That(body.TryGetProperty("request_id", out _), Is.True, "key-auth uses Kong's error template");
        Assert.That(response.Headers.WwwAuthenticate.ToString(), Is.EqualTo("Key"));
    }

    [TestCase("wrong-key")]
    [TestCase("expired-key")]
    public async Task UnknownOrExpiredKey_401_Unauthorized(string key)
    {
        var response = await Node.GetAsync("/plain/x", r => r.Headers.Add("apikey", key));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That((await response.ReadJsonAsync()).GetProperty("message").GetString(), Is.EqualTo("Unauthorized"));
    }

    [Test]
    public async Task SameKeyNameTwice_401_Duplicate()
    {
        var response = await Node.GetAsync("/plain/x?apikey=alice-key&apikey=bob-key");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That((await response.ReadJsonAsync()).GetProperty("message").GetString(), Is.EqualTo("Duplicate API key found"));
    }

    [Test]
    public async Task CustomKeyNamesAndRealm_QueryDisabled()
    {
        var byHeader = await Node.GetAsync("/custom/x", r => r.Headers.Add("token", "alice-key"));
        var byQuery = await Node.GetAsync("/custom/x?x-api-key=alice-key");

        Assert.That(byHeader.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(byQuery.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(byQuery.Headers.WwwAuthenticate.ToString(), Is.EqualTo("Key realm=\"shop\""));
    }

    [Test]
    public async Task Anonymous_FailureContinuesAsThatConsumer()
    {
        var response = await Node.GetAsync("/anon/x", r => r.Headers.Add("X-Credential-Identifier", "spoofed"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var headers = (await response.ReadJsonAsync()).GetProperty("headers");
        Assert.That(headers.GetProperty("x-consumer-username").GetString(), Is.EqualTo("guest"));
        Assert.That(headers.GetProperty("x-anonymous-consumer").GetString(), Is.EqualTo("true"));
        Assert.That(headers.TryGetProperty("x-credential-identifier", out _), Is.False);
    }

    [Test]
    public async Task Anonymous_Missing_500WithKongMessage()
    {
        var response = await Node.GetAsync("/broken-anon/x");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.InternalServerError));
        Assert.That((await response.ReadJsonAsync()).GetProperty("message").GetString(), Is.EqualTo("anonymous consumer nobody is configured but doesn't exist"));
    }

    [Test]
    public async Task HideCredentials_KeyNeverReachesTheUpstream()
    {
        var byHeader = await (await Node.GetAsync("/hidden/x?keep=1", r => r.Headers.Add("apikey", "alice-key"))).ReadJsonAsync();
        var byQuery = await (await Node.GetAsync("/hidden/x?apikey=alice-key&keep=1")).ReadJsonAsync();

        Assert.That(byHeader.GetProperty("headers").TryGetProperty("apikey", out _), Is.False);
        Assert.That(byQuery.GetProperty("query").GetString(), Is.EqualTo("?keep=1"));
    }

    [Test]
    public async Task KeyInBody_FormAndJson()
    {
        var form = await Node.Client.PostAsync(new Uri(Node.Proxy, "/body/x"), new FormUrlEncodedContent([new("apikey", "alice-key"), new("other", "1")]));
        var json = await Node.Client.PostAsync(new Uri(Node.Proxy, "/body/x"), new StringContent("""{"apikey":"bob-key"}""", Encoding.UTF8, "application/json"));

        Assert.That(form.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await form.ReadJsonAsync()).GetProperty("headers").GetProperty("x-consumer-username").GetString(), Is.EqualTo("alice"));
        Assert.That(json.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await json.ReadJsonAsync()).GetProperty("headers").GetProperty("x-consumer-username").GetString(), Is.EqualTo("bob"));
    }

    [TestCase(1024 * 1024, HttpStatusCode.OK, TestName = "KeyInBody_ChunkedBodyOfOneMebibyte_IsSearched")]
    [TestCase((1024 * 1024) + 1, HttpStatusCode.Unauthorized, TestName = "KeyInBody_ChunkedBodyOverOneMebibyte_IsNotSearched")]
    public async Task KeyInBody_ChunkedBody_SearchedUpToTheLimit(int size, HttpStatusCode expected)
    {
        const string start = "apikey=alice-key&pad=";
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(Node.Proxy, "/body/x"))
        {
            Content = new StringContent(start + new string('a', size - start.Length), Encoding.ASCII, "application/x-www-form-urlencoded"),
        };
        request.Headers.TransferEncodingChunked = true;

        var response = await Node.Client.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(expected));
    }

    private static object KongDefaults(string[]? keyNames = null, string? realm = null, string? anonymous = null, bool hide = false, bool keyInQuery = true, bool keyInBody = false) => new
    {
        key_names = keyNames ?? ["apikey"],
        hide_credentials = hide,
        anonymous,
        key_in_header = true,
        key_in_query = keyInQuery,
        key_in_body = keyInBody,
        run_on_preflight = true,
        realm,
    };
}
