namespace HybridGateway.Shared.Configuration;

/// <summary>
/// The whole gateway configuration of one version: what a snapshot carries from the control plane to every data plane.
/// Lists are kept in canonical order (by id) so equal configurations serialize, and hash, identically.
/// </summary>
public sealed record GatewayConfig
{
    public static GatewayConfig Empty { get; } = new();

    public IReadOnlyList<ServiceConfig> Services { get; init; } = [];

    public IReadOnlyList<RouteConfig> Routes { get; init; } = [];

    public IReadOnlyList<ConsumerConfig> Consumers { get; init; } = [];

    public IReadOnlyList<PluginConfig> Plugins { get; init; } = [];

    /// <summary>Kong's <c>keyauth_credentials</c>.</summary>
    [System.Text.Json.Serialization.JsonPropertyName("keyauth_credentials")]
    public IReadOnlyList<KeyAuthCredentialConfig> KeyAuthCredentials { get; init; } = [];

    /// <summary>Kong's <c>basicauth_credentials</c>.</summary>
    [System.Text.Json.Serialization.JsonPropertyName("basicauth_credentials")]
    public IReadOnlyList<BasicAuthCredentialConfig> BasicAuthCredentials { get; init; } = [];

    /// <summary>Consumers' JWT credentials (Kong's <c>jwt_secrets</c>).</summary>
    public IReadOnlyList<JwtSecretConfig> JwtSecrets { get; init; } = [];

    /// <summary>Kong's <c>key_sets</c>.</summary>
    public IReadOnlyList<KeySetConfig> KeySets { get; init; } = [];

    /// <summary>Kong's <c>keys</c>: JWK or PEM keys, private ones included.</summary>
    public IReadOnlyList<KeyConfig> Keys { get; init; } = [];

    /// <summary>Kong's <c>ca_certificates</c>: CAs mtls-auth verifies client certificates against.</summary>
    public IReadOnlyList<CaCertificateConfig> CaCertificates { get; init; } = [];

    /// <summary>Custom plugins' manifests: their schemas validate the config of their instances, here and on data planes.</summary>
    [System.Text.Json.Serialization.JsonPropertyName("custom_plugins")]
    public IReadOnlyList<Plugins.Custom.CustomPluginManifest> CustomPlugins { get; init; } = [];

    /// <summary>True when the configuration holds no entity at all.</summary>
    public bool IsEmpty => Services.Count == 0 && Routes.Count == 0 && Consumers.Count == 0 && Plugins.Count == 0
        && KeyAuthCredentials.Count == 0 && BasicAuthCredentials.Count == 0 && JwtSecrets.Count == 0
        && KeySets.Count == 0 && Keys.Count == 0 && CaCertificates.Count == 0 && CustomPlugins.Count == 0;

    /// <summary>Returns a copy whose lists are sorted by id, the order the canonical form requires.</summary>
    public GatewayConfig ToCanonicalOrder() => this with
    {
        Services = [.. Services.OrderBy(s => s.Id)],
        Routes = [.. Routes.OrderBy(r => r.Id)],
        Consumers = [.. Consumers.OrderBy(c => c.Id)],
        Plugins = [.. Plugins.OrderBy(p => p.Id)],
        KeyAuthCredentials = [.. KeyAuthCredentials.OrderBy(c => c.Id)],
        BasicAuthCredentials = [.. BasicAuthCredentials.OrderBy(c => c.Id)],
        JwtSecrets = [.. JwtSecrets.OrderBy(j => j.Id)],
        KeySets = [.. KeySets.OrderBy(s => s.Id)],
        Keys = [.. Keys.OrderBy(k => k.Id)],
        CaCertificates = [.. CaCertificates.OrderBy(c => c.Id)],
        CustomPlugins = [.. CustomPlugins.OrderBy(p => p.Name, StringComparer.Ordinal)],
    };
}
