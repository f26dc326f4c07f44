using System.Text.Json;
using System.Text.Json.Nodes;
using HybridGateway.Shared.Certificates;
using HybridGateway.Shared.Configuration;
using HybridGateway.Shared.Keys;
using HybridGateway.Shared.Plugins;
using HybridGateway.Shared.Plugins.BasicAuth;
using HybridGateway.Shared.Plugins.KeyAuth;
using HybridGateway.Shared.Plugins.Jwt;

namespace HybridGateway.Shared.Validation;

/// <summary>
/// Validates a whole <see cref="GatewayConfig"/>: every entity against its schema (the same schemas the Admin API
/// uses), every plugin config against its plugin's schema, uniqueness, and every reference between entities.
/// The control plane runs it before it stores and publishes a version; data planes run it again before they
/// apply one. All errors are collected.
/// </summary>
public static class ConfigValidator
{
    /// <summary>Returns every problem found, each naming the entity and field; empty when the config is valid.</summary>
    public static IReadOnlyList<string> Validate(GatewayConfig config, IPluginCatalog? plugins = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        plugins ??= BundledPlugins.Catalog;
        var errors = new List<string>();

        // Custom plugins first: their schemas are what their instances are validated against below.
        plugins = PluginCatalog.With(plugins, CheckCustomPlugins(config.CustomPlugins, plugins, errors).Select(m => m.ToDefinition()));

        var services = CheckEntities(config.Services, s => s.Id, EntitySchemas.Services, errors);
        var routes = CheckEntities(config.Routes, r => r.Id, EntitySchemas.Routes, errors);
        var consumers = CheckEntities(config.Consumers, c => c.Id, EntitySchemas.Consumers, errors);
        CheckEntities(config.Plugins, p => p.Id, EntitySchemas.Plugins(plugins), errors);
        CheckEntities(config.KeyAuthCredentials, c => c.Id, KeyAuthSchema.Credentials, errors);
        CheckEntities(config.BasicAuthCredentials, c => c.Id, BasicAuthSchema.Credentials, errors);
        CheckEntities(config.JwtSecrets, j => j.Id, JwtSecretSchema.Schema, errors);
        var keySets = CheckEntities(config.KeySets, s => s.Id, KeysSchema.KeySets, errors);
        CheckEntities(config.Keys, k => k.Id, KeysSchema.Keys, errors);
        var caCertificates = CheckEntities(config.CaCertificates, c => c.Id, CaCertificatesSchema.Stored, errors);

        CheckUnique(config.Services, s => s.Name, "services", "name", errors);
        CheckUnique(config.Routes, r => r.Name, "routes", "name", errors);
        CheckUnique(config.Consumers, c => c.Username, "consumers", "username", errors);
        CheckUnique(config.Consumers, c => c.CustomId, "consumers", "custom_id", errors);
        CheckUnique(config.Plugins, p => p.InstanceName, "plugins", "instance_name", errors);
        CheckUnique(config.JwtSecrets, j => j.Key, "jwt_secrets", "key", errors);
        CheckUnique(config.KeySets, s => s.Name, KeysSchema.KeySetsEntity, "name", errors);
        CheckUnique(config.Keys, k => k.Name, KeysSchema.KeysEntity, "name", errors);
        CheckUnique(config.CaCertificates, c => c.CertDigest, CaCertificatesSchema.Entity, "cert_digest", errors);
        CheckUnique(config.Keys, k => KeysSchema.CacheKey(k.Kid, k.Set?.Id.ToString()), KeysSchema.KeysEntity, "kid, set", errors);
        foreach (var key in config.Keys)
        {
            CheckReference(KeysSchema.KeysEntity, key.Id, "set", key.Set, keySets, KeysSchema.KeySetsEntity, errors);
        }
        CheckUnique(
            config.Plugins,
            p => $"{p.Name}|{p.Route?.Id}|{p.Service?.Id}|{p.Consumer?.Id}",
            "plugins",
            "name, route, service, consumer",
            errors);

        CheckUnique(config.KeyAuthCredentials, c => c.Key, KeyAuthSchema.CredentialsEntity, "key", errors, secret: true);
        foreach (var credential in config.KeyAuthCredentials)
        {
            CheckReference(KeyAuthSchema.CredentialsEntity, credential.Id, "consumer", credential.Consumer, consumers, "consumers", errors);
        }

        CheckUnique(config.BasicAuthCredentials, c => c.Username, BasicAuthSchema.CredentialsEntity, "username", errors);
        foreach (var credential in config.BasicAuthCredentials)
        {
            CheckReference(BasicAuthSchema.CredentialsEntity, credential.Id, "consumer", credential.Consumer, consumers, "consumers", errors);
        }

        foreach (var route in config.Routes)
        {
            CheckReference("routes", route.Id, "service", route.Service, services, "services", errors);
        }

        // The entities a plugin's config may name by id (PluginDefinition.References).
        var referable = new Dictionary<string, HashSet<Guid>> { [CaCertificatesSchema.Entity] = caCertificates };
        foreach (var plugin in config.Plugins)
        {
            CheckReference("plugins", plugin.Id, "service", plugin.Service, services, "services", errors);
            CheckReference("plugins", plugin.Id, "route", plugin.Route, routes, "routes", errors);
            CheckReference("plugins", plugin.Id, "consumer", plugin.Consumer, consumers, "consumers", errors);
            CheckConfigReferences(plugin, plugins, referable, errors);
        }

        foreach (var credential in config.JwtSecrets)
        {
            CheckReference("jwt_secrets", credential.Id, "consumer", credential.Consumer, consumers, "consumers", errors);
        }

        return errors;
    }

    private static List<Plugins.Custom.CustomPluginManifest> CheckCustomPlugins(IReadOnlyList<Plugins.Custom.CustomPluginManifest> manifests, IPluginCatalog plugins, List<string> errors)
    {
        var valid = new List<Plugins.Custom.CustomPluginManifest>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var manifest in manifests)
        {
            var fieldErrors = new FieldErrors();
            var upload = (JsonObject)JsonSerializer.SerializeToNode(manifest, GatewayJson.Options)!;
            // The manifest Validate returns keeps its compiled schema for the definition made from it.
            if (Plugins.Custom.CustomPluginUpload.Validate(upload, plugins, fieldErrors) is not { } checkedManifest)
            {
                errors.AddRange(fieldErrors.Fields.Select(f => $"custom_plugins '{manifest.Name}': {f.Key}: {f.Value}"));
            }
            else if (!names.Add(manifest.Name))
            {
                errors.Add($"custom_plugins '{manifest.Name}': name: the name is not unique");
            }
            else
            {
                valid.Add(checkedManifest);
            }
        }

        return valid;
    }

    /// <summary>Ids a plugin's config names (mtls-auth's <c>ca_certificates</c>) must exist in the same config.</summary>
    private static void CheckConfigReferences(PluginConfig plugin, IPluginCatalog plugins, Dictionary<string, HashSet<Guid>> known, List<string> errors)
    {
        if (!plugins.TryGet(plugin.Name, out var definition) || definition.References.Count == 0)
        {
            return;
        }

        var config = plugin.Config.ValueKind == JsonValueKind.Object ? JsonNode.Parse(plugin.Config.GetRawText()) : null;
        foreach (var reference in definition.References)
        {
            foreach (var id in reference.IdsIn(config))
            {
                if (!Guid.TryParse(id, out var guid) || !known.TryGetValue(reference.Entity, out var ids) || !ids.Contains(guid))
                {
                    errors.Add($"plugins {plugin.Id}: config.{reference.Field}: '{id}' does not reference an existing '{reference.Entity}' entity");
                }
            }
        }
    }

    private static HashSet<Guid> CheckEntities<T>(IReadOnlyList<T> entities, Func<T, Guid> id, Schema schema, List<string> errors)
    {
        var seen = new HashSet<Guid>();
        foreach (var entity in entities)
        {
            if (!seen.Add(id(entity)))
            {
                errors.Add($"{schema.Name} {id(entity)}: duplicate id");
            }

            var json = JsonSerializer.SerializeToNode(entity, GatewayJson.Options) as JsonObject ?? [];
            var result = SchemaProcessor.Process(schema, json);
            if (!result.IsValid)
            {
                errors.Add($"{schema.Name} {id(entity)}: {result.Errors.ToKongMessage()}");
            }
        }

        return seen;
    }

    private static void CheckUnique<T>(IReadOnlyList<T> entities, Func<T, string?> key, string kind, string field, List<string> errors, bool secret = false)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entity in entities)
        {
            if (key(entity) is { } value && !seen.Add(value))
            {
                // A secret (an API key) is never repeated in an error: errors are logged and shown to operators.
                errors.Add(secret ? $"{kind}: UNIQUE violation detected on '{field}'" : $"{kind}: UNIQUE violation detected on '{field}' = '{value}'");
            }
        }
    }

    private static void CheckReference(string kind, Guid id, string field, EntityRef? reference, HashSet<Guid> known, string target, List<string> errors)
    {
        if (reference is not null && !known.Contains(reference.Id))
        {
            errors.Add($"{kind} {id}: {field}: the foreign key '{{id=\"{reference.Id}\"}}' does not reference an existing '{target}' entity.");
        }
    }
}
