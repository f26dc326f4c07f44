using System.Net;
using System.Text;
using HybridGateway.DataPlane.Tests.TestSupport;
using HybridGateway.Shared.Configuration;
using HybridGateway.Shared.Plugins.BasicAuth;
using static HybridGateway.DataPlane.Tests.TestSupport.Entities;

namespace HybridGateway.DataPlane.Tests.Plugins.BasicAuth;

/// <summary>Kong's basic-auth through a real data-plane host and a real loopback upstream.</summary>
[NonParallelizable]
public sealed class BasicAuthTests : ProxiedNodeTest
{
    private static readonly ConsumerConfig Alice = new() { Id = Guid.NewGuid(), Username = "alice", CustomId = "a-1" };
    private static readonly ConsumerConfig Guest = new() { Id = Guid.NewGuid(), Username = "guest" };

    // Stored as the control plane stores them: hashes only.
    private static readonly BasicAuthCredentialConfig AliceLogin = new() { Id = Guid.NewGuid(), Consumer = new EntityRef(Alice.Id), Username = "alice-login", Password = BasicAuthPasswords.Hash("s3cret:with:colons") };
    private static readonly BasicAuthCredentialConfig Unicode = new() { Id = Guid.NewGuid(), Consumer = new EntityRef(Alice.Id), Username = "ünï", Password = BasicAuthPasswords.Hash("pässwörd") };

    private protected override GatewayConfig Config(int upstreamPort)
    {
        var service = Service(port: upstreamPort);
        var plain = Route(service, paths: ["/plain"]);
        var realm = Route(service, paths: ["/realm"]);
        var anonymous = Route(service, paths: ["/anon"]);
        var hidden = Route(service, paths: ["/hidden"]);
        return new GatewayConfig
        {
            Services = [service],
            Routes = [plain, realm, anonymous, hidden],
            Consumers = [Alice, Guest],
            BasicAuthCredentials = [AliceLogin, Unicode],
            Plugins =
            [
                Plugin("basic-auth", KongDefaults(), route: plain),
                Plugin("basic-auth", KongDefaults(realm: "shop"), route: realm),
                Plugin("basic-auth", KongDefaults(anonymous: Guest.Id.ToString()), route: anonymous),
                Plugin("basic-auth", KongDefaults(hide: true), route: hidden),
            ],
        };
    }

    [Test]
    public async Task RightPassword_Authenticates_CredentialIdentifiedByUsername()
    {
        var response = await Node.GetAsync("/plain/x", r =>
        {
            r.Headers.Add("Authorization", Basic("alice-login", "s3cret:with:colons"));
            r.Headers.Add("X-Consumer-Username", "mallory");
        });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var headers = (await response.ReadJsonAsync()).GetProperty("headers");
        Assert.That(headers.GetProperty("x-consumer-id").GetString(), Is.EqualTo(Alice.Id.ToString()));
        Assert.That(headers.GetProperty("x-consumer-username").GetString(), Is.EqualTo("alice"));
        Assert.That(headers.GetProperty("x-consumer-custom-id").GetString(), Is.EqualTo("a-1"));
        Assert.That(headers.GetProperty("x-credential-identifier").GetString(), Is.EqualTo("alice-login"), "basic-auth identifies the credential by its username");
        Assert.That(headers.GetProperty("authorization").GetString(), Does.StartWith("Basic "), "not hidden by default");
    }

    [Test]
    public async Task RepeatedRequests_KeepAuthenticating_AndACachedSuccessVouchesForNoOtherPassword()
    {
        for (var i = 0; i < 5; i++)
        {
            var response = await Node.GetAsync("/plain/x", r => r.Headers.Add("Authorization", Basic("alice-login", "s3cret:with:colons")));
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), $"request {i}");
        }

        var wrong = await Node.GetAsync("/plain/x", r => r.Headers.Add("Authorization", Basic("alice-login", "s3cret:with:colonsX")));
        Assert.That(wrong.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), "a cached success never vouches for another password");
    }

    [Test]
    public async Task LowercaseSchemeUnpaddedBase64AndUtf8_Authenticate()
    {
        var encoded = Convert.ToBase64String(Encoding.UTF8.GetBytes("ünï:pässwörd")).TrimEnd('=');
        var response = await Node.GetAsync("/plain/x", r => r.Headers.TryAddWithoutValidation("Authorization", $"basic {encoded}"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
    }

    [Test]
    public async Task ProxyAuthorization_IsReadFirst()
    {
        var response = await Node.GetAsync("/plain/x", r =>
        {
            r.Headers.Add("Proxy-Authorization", Basic("alice-login", "s3cret:with:colons"));
            r.Headers.Add("Authorization", "Bearer something-for-the-upstream");
        });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [TestCase(null, TestName = "no header")]
    [TestCase("Basic", TestName = "no credentials")]
    [TestCase("Basic !!!not-base64!!!", TestName = "not base64")]
    [TestCase("Basic OnBhc3N3b3Jk", TestName = "empty username")]
    [TestCase("Basic YWxpY2UtbG9naW4=", TestName = "no colon")]
    [TestCase("Bearer YWxpY2UtbG9naW46czNjcmV0OndpdGg6Y29sb25z", TestName = "other scheme")]
    [TestCase("Basic bm9ib2R5OnBhc3N3b3Jk", TestName = "unknown username")]
    [TestCase("Basic YWxpY2UtbG9naW46d3Jvbmc=", TestName = "wrong password")]
    public async Task BadCredentials_401_KongMessageAndChallenge(string? authorization)
    {
        var response = await Node.GetAsync("/plain/x", r =>
        {
            if (authorization is not null)
            {
                r.Headers.TryAddWithoutValidation("Authorization", authorization);
            }
        });
        var body = await response.ReadJsonAsync();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(body.GetProperty("message").GetString(), Is.EqualTo("Unauthorized"));
        Assert.That(body.TryGetProperty("request_id", out _), Is.True, "basic-auth uses Kong's error template");
        Assert.That(response.Headers.WwwAuthenticate.ToString(), Is.EqualTo("Basic realm=\"service\""));
    }

    [Test]
    public async Task HugeHeader_401_NotAServerError()
    {
        var response = await Node.GetAsync("/plain/x", r => r.Headers.TryAddWithoutValidation("Authorization", "Basic " + new string('A', 16 * 1024)));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task Realm_IsConfigurable()
    {
        var response = await Node.GetAsync("/realm/x");

        Assert.That(response.Headers.WwwAuthenticate.ToString(), Is.EqualTo("Basic realm=\"shop\""));
    }

    [Test]
    public async Task Anonymous_FailureContinuesAsThatConsumer()
    {
        var response = await Node.GetAsync("/anon/x", r => r.Headers.Add("Authorization", Basic("alice-login", "wrong")));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var headers = (await response.ReadJsonAsync()).GetProperty("headers");
        Assert.That(headers.GetProperty("x-consumer-username").GetString(), Is.EqualTo("guest"));
        Assert.That(headers.GetProperty("x-anonymous-consumer").GetString(), Is.EqualTo("true"));
    }

    [Test]
    public async Task HideCredentials_TheHeaderNeverReachesTheUpstream()
    {
        var response = await Node.GetAsync("/hidden/x", r => r.Headers.Add("Authorization", Basic("alice-login", "s3cret:with:colons")));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await response.ReadJsonAsync()).GetProperty("headers").TryGetProperty("authorization", out _), Is.False);
    }

    internal static string Basic(string username, string password) =>
        "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{username}:{password}"));

    private static object KongDefaults(string realm = "service", string? anonymous = null, bool hide = false) => new
    {
        anonymous,
        hide_credentials = hide,
        realm,
    };
}
