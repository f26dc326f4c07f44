using System.Text.Json.Nodes;
using HybridGateway.Shared.Keys;
using HybridGateway.Shared.Secrets;

namespace HybridGateway.Shared.Plugins;

/// <summary>
/// The secret values of plugin instances: the <c>config</c> fields their plugin's schema marks
/// <see cref="Validation.FieldSchema.Secret"/> (x-custom-jwt's <c>private_jwk</c>). They are encrypted at rest, withheld
/// from Admin API answers and exports (a JWK keeps its public members), and sealed in snapshots, as a key's are.
/// </summary>
public static class PluginSecrets
{
    public static SecretFields Fields(IPluginCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new SecretFields
        {
            Protect = (plugin, protector) => ForEachSecret(catalog, plugin, (config, field) => KeySecrets.ProtectField(config, field, protector)),
            Unprotect = (plugin, protector) => ForEachSecret(catalog, plugin, (config, field) => KeySecrets.UnprotectField(config, field, protector)),
            Redact = plugin => ForEachSecret(catalog, plugin, KeySecrets.RedactField),
        };
    }

    private static void ForEachSecret(IPluginCatalog catalog, JsonObject plugin, Action<JsonObject, string> action)
    {
        if (plugin["name"] is JsonValue name && name.TryGetValue<string>(out var pluginName)
            && catalog.TryGet(pluginName, out var definition)
            && plugin["config"] is JsonObject config)
        {
            foreach (var field in definition.ConfigSchema.Fields)
            {
                if (field.Secret)
                {
                    action(config, field.Name);
                }
            }
        }
    }
}
