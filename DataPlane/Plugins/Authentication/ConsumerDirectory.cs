using System.Collections.Frozen;
using HybridGateway.Shared.Configuration;

namespace HybridGateway.DataPlane.Plugins.Authentication;

/// <summary>
/// Consumers and their credentials of one config version, indexed once at apply time so authentication plugins
/// never search or lock per request.
/// </summary>
public sealed class ConsumerDirectory
{
    public static ConsumerDirectory Empty { get; } = Build(GatewayConfig.Empty);

    private ConsumerDirectory(
        FrozenDictionary<Guid, ConsumerConfig> byId,
        FrozenDictionary<string, ConsumerConfig> byUsername,
        FrozenDictionary<string, KeyAuthCredentialConfig> apiKeys)
    {
        ById = byId;
        ByUsername = byUsername;
        ApiKeys = apiKeys;
    }

    public FrozenDictionary<Guid, ConsumerConfig> ById { get; }

    public FrozenDictionary<string, ConsumerConfig> ByUsername { get; }

    /// <summary>key-auth credentials by key (ordinal: keys are case-sensitive).</summary>
    public FrozenDictionary<string, KeyAuthCredentialConfig> ApiKeys { get; }

    public static ConsumerDirectory Build(GatewayConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return new ConsumerDirectory(
            config.Consumers.ToFrozenDictionary(c => c.Id),
            config.Consumers.Where(c => c.Username is not null).ToFrozenDictionary(c => c.Username!, StringComparer.Ordinal),
            config.KeyAuthCredentials.ToFrozenDictionary(c => c.Key, StringComparer.Ordinal));
    }

    /// <summary>Kong's <c>anonymous</c> setting names a consumer by id or, failing that, by username.</summary>
    public ConsumerConfig? FindAnonymous(string idOrUsername) =>
        Guid.TryParse(idOrUsername, out var id) && ById.TryGetValue(id, out var byId)
            ? byId
            : ByUsername.GetValueOrDefault(idOrUsername);
}
