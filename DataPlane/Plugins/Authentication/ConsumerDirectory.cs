using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Security.Cryptography.X509Certificates;
using HybridGateway.Shared.Certificates;
using HybridGateway.DataPlane.Plugins.Jwt;
using HybridGateway.Shared.Configuration;

namespace HybridGateway.DataPlane.Plugins.Authentication;

/// <summary>
/// Consumers and their credentials of one config version, indexed once at apply time so authentication plugins
/// never search or lock per request.
/// </summary>
public sealed class ConsumerDirectory
{
    // Per-plugin-instance state of this version (e.g. jwt's verified-token cache): it dies with the version.
    private readonly ConcurrentDictionary<object, object> _pluginState = new(ReferenceEqualityComparer.Instance);

    public static ConsumerDirectory Empty { get; } = Build(GatewayConfig.Empty);

    private ConsumerDirectory(
        FrozenDictionary<Guid, ConsumerConfig> byId,
        FrozenDictionary<string, ConsumerConfig> byUsername,
        FrozenDictionary<string, KeyAuthCredentialConfig> apiKeys,
        FrozenDictionary<string, JwtCredential> jwtCredentials,
        FrozenDictionary<string, BasicAuthCredentialConfig> basicAuthCredentials,
        FrozenDictionary<string, ConsumerConfig> byCustomId,
        FrozenDictionary<Guid, X509Certificate2> caCertificates)
    {
        ById = byId;
        ByUsername = byUsername;
        ApiKeys = apiKeys;
        JwtCredentials = jwtCredentials;
        BasicAuthCredentials = basicAuthCredentials;
        ByCustomId = byCustomId;
        CaCertificates = caCertificates;
    }

    public FrozenDictionary<Guid, ConsumerConfig> ById { get; }

    public FrozenDictionary<string, ConsumerConfig> ByUsername { get; }

    /// <summary>Consumers by custom_id (ordinal, as Kong's unique index): mtls-auth's <c>consumer_by</c>.</summary>
    public FrozenDictionary<string, ConsumerConfig> ByCustomId { get; }

    /// <summary>The version's <c>ca_certificates</c>, parsed once: the trust anchors mtls-auth instances choose from.</summary>
    public FrozenDictionary<Guid, X509Certificate2> CaCertificates { get; }

    /// <summary>key-auth credentials by key (ordinal: keys are case-sensitive).</summary>
    public FrozenDictionary<string, KeyAuthCredentialConfig> ApiKeys { get; }

    /// <summary>jwt credentials by key, prepared (algorithm, secrets, public key parsed) once per version.</summary>
    internal FrozenDictionary<string, JwtCredential> JwtCredentials { get; }

    /// <summary>basic-auth credentials by username (ordinal, as Kong's unique index).</summary>
    public FrozenDictionary<string, BasicAuthCredentialConfig> BasicAuthCredentials { get; }

    /// <summary>Password checks of this version, remembered while its credentials cannot change.</summary>
    internal BasicAuth.BasicAuthVerifier BasicAuthVerifier { get; } = new();

    public static ConsumerDirectory Build(GatewayConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return new ConsumerDirectory(
            config.Consumers.ToFrozenDictionary(c => c.Id),
            config.Consumers.Where(c => c.Username is not null).ToFrozenDictionary(c => c.Username!, StringComparer.Ordinal),
            config.KeyAuthCredentials.ToFrozenDictionary(c => c.Key, StringComparer.Ordinal),
            JwtCredential.Index(config.JwtSecrets),
            config.BasicAuthCredentials.ToFrozenDictionary(c => c.Username, StringComparer.Ordinal),
            config.Consumers.Where(c => c.CustomId is not null).ToFrozenDictionary(c => c.CustomId!, StringComparer.Ordinal),
            LoadCaCertificates(config.CaCertificates));
    }

    // Validated with the config; one that still does not load is left out, so it verifies nothing.
    private static FrozenDictionary<Guid, X509Certificate2> LoadCaCertificates(IReadOnlyList<CaCertificateConfig> caCertificates)
    {
        var loaded = new Dictionary<Guid, X509Certificate2>();
        foreach (var ca in caCertificates)
        {
            if (CaCertificatePem.Load(ca.Cert, out _) is { } certificate)
            {
                loaded[ca.Id] = certificate;
            }
        }

        return loaded.ToFrozenDictionary();
    }

    /// <summary>
    /// State a plugin instance keeps for this config version, keyed by its parsed options (reference identity),
    /// created on first use.
    /// </summary>
    internal TState GetOrAddPluginState<TState, TArg>(object owner, Func<object, TArg, TState> create, TArg arg)
        where TState : class =>
        (TState)_pluginState.GetOrAdd(owner, static (key, a) => a.create(key, a.arg), (create, arg));

    /// <summary>Kong's <c>anonymous</c> setting names a consumer by id or, failing that, by username.</summary>
    public ConsumerConfig? FindAnonymous(string idOrUsername) =>
        Guid.TryParse(idOrUsername, out var id) && ById.TryGetValue(id, out var byId)
            ? byId
            : ByUsername.GetValueOrDefault(idOrUsername);
}
