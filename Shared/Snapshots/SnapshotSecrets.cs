using System.Text.Json;
using System.Text.Json.Nodes;
using HybridGateway.Shared.Configuration;
using HybridGateway.Shared.Keys;
using HybridGateway.Shared.Plugins;
using HybridGateway.Shared.Secrets;

namespace HybridGateway.Shared.Snapshots;

/// <summary>
/// Seals the secret values of a configuration with the cluster key (<see cref="ClusterKey"/>) before it becomes a
/// snapshot, and opens them on the data plane before it is validated and built. What is sealed is every field the
/// schemas mark secret: JWT credentials' <c>secret</c>, key-auth <c>key</c>, basic-auth <c>password</c> (already a
/// hash), keys' private members and <c>pem.private_key</c>, and secret plugin config fields (x-custom-jwt's
/// <c>private_jwk</c>). Sealed values are <see cref="SecretProtector"/> text; everything else stays readable.
/// </summary>
public static class SnapshotSecrets
{
    /// <summary>A copy of <paramref name="config"/> with every secret value encrypted under <paramref name="clusterKey"/>.</summary>
    public static GatewayConfig Seal(GatewayConfig config, SecretProtector clusterKey, IPluginCatalog? plugins = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(clusterKey);
        return Rewrite(config, clusterKey.Protect, (entity, fields) => fields.Protect(entity, clusterKey), plugins);
    }

    /// <summary>
    /// A copy of <paramref name="config"/> with every sealed value decrypted. Throws <see cref="SnapshotFormatException"/>
    /// when a value is sealed but <paramref name="clusterKey"/> is null, another key's, or the value was altered.
    /// </summary>
    public static GatewayConfig Open(GatewayConfig config, SecretProtector? clusterKey, IPluginCatalog? plugins = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        try
        {
            return Rewrite(config, value => OpenValue(value, clusterKey), (entity, fields) => fields.Unprotect(entity, clusterKey ?? NoKey.Instance), plugins);
        }
        catch (SecretProtectionException ex)
        {
            throw new SnapshotFormatException($"a secret in the snapshot cannot be opened: {ex.Message}", ex);
        }
    }

    private static GatewayConfig Rewrite(GatewayConfig config, Func<string, string> value, Action<JsonObject, SecretFields> entity, IPluginCatalog? plugins)
    {
        var pluginSecrets = PluginSecrets.Fields(plugins ?? BundledPlugins.Catalog);
        return config with
        {
            JwtSecrets = [.. config.JwtSecrets.Select(c => c.Secret is null ? c : c with { Secret = value(c.Secret) })],
            KeyAuthCredentials = [.. config.KeyAuthCredentials.Select(c => c with { Key = value(c.Key) })],
            BasicAuthCredentials = [.. config.BasicAuthCredentials.Select(c => c with { Password = value(c.Password) })],
            Keys = [.. config.Keys.Select(k => ViaJson(k, document => entity(document, KeySecrets.Fields)))],
            Plugins = [.. config.Plugins.Select(p => HasSecrets(p, plugins) ? ViaJson(p, document => entity(document, pluginSecrets)) : p)],
        };
    }

    private static string OpenValue(string value, SecretProtector? clusterKey) =>
        (clusterKey ?? NoKey.Instance).Unprotect(value);

    // Most plugins have no secret field: they skip the JSON round trip.
    private static bool HasSecrets(PluginConfig plugin, IPluginCatalog? plugins) =>
        (plugins ?? BundledPlugins.Catalog).TryGet(plugin.Name, out var definition) && definition.ConfigSchema.Fields.Any(f => f.Secret);

    private static T ViaJson<T>(T entity, Action<JsonObject> rewrite)
    {
        var document = (JsonObject)JsonSerializer.SerializeToNode(entity, GatewayJson.Options)!;
        rewrite(document);
        return document.Deserialize<T>(GatewayJson.Options)!;
    }

    /// <summary>Stands in for a missing cluster key: clear values pass, a sealed one says what is missing.</summary>
    private static class NoKey
    {
        // A random key nobody has: its id matches no sealed value's, so Unprotect refuses naming the missing setting.
        public static SecretProtector Instance { get; } = new(System.Security.Cryptography.RandomNumberGenerator.GetBytes(SecretProtector.KeyLength), "cluster key", "Cluster:Token, which this node lacks");
    }
}
