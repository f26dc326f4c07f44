using System.Text.Json.Nodes;
using HybridGateway.Shared.Certificates;
using HybridGateway.Shared.Keys;
using HybridGateway.Shared.Plugins;
using HybridGateway.Shared.Plugins.BasicAuth;
using HybridGateway.Shared.Plugins.Custom;
using HybridGateway.Shared.Plugins.Jwt;
using HybridGateway.Shared.Plugins.KeyAuth;
using HybridGateway.Shared.Validation;

namespace HybridGateway.ControlPlane.Store;

/// <summary>Every Admin API entity kind, with its schema from Shared and its relations.</summary>
internal sealed class EntityKinds
{
    public EntityKinds(IPluginCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        Catalog = catalog;
        Services = new EntityKind<ServiceRow>("services", EntitySchemas.Services, "name", Columns(("name", nameof(ServiceRow.Name))), []);
        Routes = new EntityKind<RouteRow>(
            "routes",
            EntitySchemas.Routes,
            "name",
            Columns(("name", nameof(RouteRow.Name))),
            [new ForeignField("service", nameof(RouteRow.ServiceId), "services")]);
        Consumers = new EntityKind<ConsumerRow>(
            "consumers",
            EntitySchemas.Consumers,
            "username",
            Columns(("username", nameof(ConsumerRow.Username)), ("custom_id", nameof(ConsumerRow.CustomId))),
            []);
        Plugins = new EntityKind<PluginRow>(
            "plugins",
            EntitySchemas.Plugins(catalog),
            "instance_name",
            Columns(("instance_name", nameof(PluginRow.InstanceName))),
            [
                new ForeignField("service", nameof(PluginRow.ServiceId), "services"),
                new ForeignField("route", nameof(PluginRow.RouteId), "routes"),
                new ForeignField("consumer", nameof(PluginRow.ConsumerId), "consumers"),
            ],
            (row, document) =>
            {
                row.Name = (string?)document["name"] ?? "";
                row.CacheKey = PluginCacheKey(document);
            })
        {
            CoerceForm = input => EntitySchemas.CoercePluginFormInput(catalog, input),
            CacheKey = new CacheKeyRule(PluginCacheKey, plugin => new JsonObject
            {
                ["consumer"] = plugin["consumer"]?.DeepClone(),
                ["name"] = plugin["name"]?.DeepClone(),
                ["route"] = plugin["route"]?.DeepClone(),
                ["service"] = plugin["service"]?.DeepClone(),
            }),
        };

        CustomPlugins = new EntityKind<CustomPluginRow>(CustomPluginsSchema.Entity, CustomPluginsSchema.Schema, "name", Columns(("name", nameof(CustomPluginRow.Name))), []);

        KeySets = new EntityKind<KeySetRow>(KeysSchema.KeySetsEntity, KeysSchema.KeySets, "name", Columns(("name", nameof(KeySetRow.Name))), []);
        Keys = new EntityKind<KeyRow>(
            KeysSchema.KeysEntity,
            KeysSchema.Keys,
            "name",
            Columns(("name", nameof(KeyRow.Name))),
            [new ForeignField("set", nameof(KeyRow.SetId), KeysSchema.KeySetsEntity)],
            (row, document) => row.CacheKey = KeyCacheKey(document))
        {
            CacheKey = new CacheKeyRule(KeyCacheKey, key => new JsonObject { ["kid"] = key["kid"]?.DeepClone(), ["set"] = key["set"]?.DeepClone() }),
        };

        CaCertificates = new EntityKind<CaCertificateRow>(
            CaCertificatesSchema.Entity,
            CaCertificatesSchema.Schema,
            "id",
            // Only the id names a CA certificate (Kong has no endpoint key for it).
            Columns(("id", nameof(EntityRow.Id)), ("cert_digest", nameof(CaCertificateRow.CertDigest))),
            []);

        KeyAuthCredentials = Credential<KeyAuthCredentialRow>(KeyAuthSchema.Credentials);
        JwtSecrets = Credential<JwtSecretRow>(JwtSecretSchema.Schema);
        BasicAuthCredentials = Credential<BasicAuthCredentialRow>(BasicAuthSchema.Credentials);

        Services.Referrers.Add(new Referrer("routes", nameof(RouteRow.ServiceId), ReferenceAction.Restrict));
        Services.Referrers.Add(new Referrer("plugins", nameof(PluginRow.ServiceId), ReferenceAction.Cascade));
        Routes.Referrers.Add(new Referrer("plugins", nameof(PluginRow.RouteId), ReferenceAction.Cascade));
        Consumers.Referrers.Add(new Referrer("plugins", nameof(PluginRow.ConsumerId), ReferenceAction.Cascade));
        KeySets.Referrers.Add(new Referrer(KeysSchema.KeysEntity, nameof(KeyRow.SetId), ReferenceAction.Cascade));
        Credentials = [KeyAuthCredentials, JwtSecrets, BasicAuthCredentials];
        foreach (var credential in Credentials)
        {
            Consumers.Referrers.Add(new Referrer(credential.Name, nameof(CredentialRow.ConsumerId), ReferenceAction.Cascade));
        }

        All = [Services, Routes, Consumers, Plugins, .. Credentials, KeySets, Keys, CaCertificates, CustomPlugins];
    }

    public IPluginCatalog Catalog { get; }

    public EntityKind Services { get; }

    public EntityKind Routes { get; }

    public EntityKind Consumers { get; }

    public EntityKind Plugins { get; }

    public EntityKind KeyAuthCredentials { get; }

    public EntityKind JwtSecrets { get; }

    public EntityKind BasicAuthCredentials { get; }

    public EntityKind KeySets { get; }

    public EntityKind Keys { get; }

    public EntityKind CaCertificates { get; }

    /// <summary>Custom plugins' manifests (<c>/custom-plugins</c>).</summary>
    public EntityKind CustomPlugins { get; }

    /// <summary>Every consumer credential kind: found by their key column, deleted with their consumer.</summary>
    public IReadOnlyList<EntityKind> Credentials { get; }

    public IReadOnlyList<EntityKind> All { get; }

    public EntityKind Get(string name) => All.First(k => k.Name == name);

    /// <summary>Kong's plugin uniqueness key: one plugin of a name per (route, service, consumer) scope.</summary>
    public static string PluginCacheKey(JsonObject document) =>
        $"plugins:{(string?)document["name"]}:{EntityDocument.ForeignId(document, "route")}:{EntityDocument.ForeignId(document, "service")}:{EntityDocument.ForeignId(document, "consumer")}";

    /// <summary>Kong's key uniqueness key: one key of a kid per set.</summary>
    public static string KeyCacheKey(JsonObject document) =>
        KeysSchema.CacheKey((string?)document["kid"], EntityDocument.ForeignId(document, "set"));

    /// <summary>A credential kind: named by its schema's endpoint key (stored in <see cref="CredentialRow.Key"/>), owned by a consumer.</summary>
    private static EntityKind<TRow> Credential<TRow>(Schema schema)
        where TRow : CredentialRow, new() =>
        new(
            schema.Name,
            schema,
            schema.EndpointKey!,
            Columns((schema.EndpointKey!, nameof(CredentialRow.Key))),
            [new ForeignField("consumer", nameof(CredentialRow.ConsumerId), "consumers")]);

    private static Dictionary<string, string> Columns(params (string Field, string Column)[] columns) =>
        columns.ToDictionary(c => c.Field, c => c.Column, StringComparer.Ordinal);
}
