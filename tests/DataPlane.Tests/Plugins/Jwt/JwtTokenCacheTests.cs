using HybridGateway.DataPlane.Plugins.Authentication;
using HybridGateway.DataPlane.Plugins.Jwt;
using HybridGateway.Shared.Configuration;
using HybridGateway.Shared.Plugins.Jwt;

namespace HybridGateway.DataPlane.Tests.Plugins.Jwt;

/// <summary>The verified-token cache: bounded, never past exp or its maximum age, one per plugin instance and config version.</summary>
public sealed class JwtTokenCacheTests
{
    private static readonly ConsumerConfig Alice = new() { Id = Guid.NewGuid(), Username = "alice" };
    private static readonly JwtCredential Credential = JwtCredential.Create(
        new JwtSecretConfig { Id = Guid.NewGuid(), Consumer = new EntityRef(Alice.Id), Key = "k", Secret = "s" });

    [Test]
    public void Entry_EndsAtExp()
    {
        var cache = new JwtTokenCache();
        cache.Add("t", Credential, Alice, expiration: 1_010, now: 1_000);

        Assert.That(cache.TryGet("t", 1_009, out var credential, out var consumer), Is.True);
        Assert.That((credential, consumer), Is.EqualTo((Credential, Alice)));
        Assert.That(cache.TryGet("t", 1_010, out _, out _), Is.False, "exp <= now is expired");
        Assert.That(cache.Count, Is.Zero, "the expired entry is dropped");
    }

    [Test]
    public void Entry_WithoutExp_EndsAfterMaxAge_AndAnExpiredTokenIsNotCached()
    {
        var cache = new JwtTokenCache();
        cache.Add("no-exp", Credential, Alice, expiration: null, now: 1_000);
        cache.Add("expired", Credential, Alice, expiration: 900, now: 1_000);

        Assert.That(cache.TryGet("no-exp", 1_000 + JwtTokenCache.MaxAgeSeconds - 1, out _, out _), Is.True);
        Assert.That(cache.TryGet("no-exp", 1_000 + JwtTokenCache.MaxAgeSeconds, out _, out _), Is.False);
        Assert.That(cache.TryGet("expired", 1_000, out _, out _), Is.False);
    }

    [Test]
    public void Cache_StaysBounded()
    {
        var cache = new JwtTokenCache();
        for (var i = 0; i < (JwtTokenCache.MaxEntries * 2) + 5; i++)
        {
            cache.Add($"t{i}", Credential, Alice, expiration: null, now: 0);
        }

        Assert.That(cache.Count, Is.InRange(1, JwtTokenCache.MaxEntries));
    }

    [Test]
    public void State_IsPerPluginInstance_AndPerConfigVersion()
    {
        var config = new GatewayConfig { Consumers = [Alice], JwtSecrets = [Credential.Config] };
        var v1 = ConsumerDirectory.Build(config);
        var v2 = ConsumerDirectory.Build(config);
        var first = new JwtPluginOptions(new JwtOptions());
        var second = new JwtPluginOptions(new JwtOptions());

        var state = Get(v1, first);

        Assert.That(Get(v1, first), Is.SameAs(state));
        Assert.That(Get(v1, second), Is.Not.SameAs(state));
        Assert.That(Get(v2, first), Is.Not.SameAs(state), "a new config version starts with an empty cache");
        Assert.That(v1.JwtCredentials["k"].ConsumerId, Is.EqualTo(Alice.Id));
    }

    private static JwtInstanceState Get(ConsumerDirectory directory, JwtPluginOptions options) =>
        directory.GetOrAddPluginState(options, static (_, a) => new JwtInstanceState(a.options, a.directory, TimeProvider.System), (options, directory));
}
