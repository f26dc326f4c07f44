using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using HybridGateway.Shared.Certificates;
using HybridGateway.Shared.Configuration;
using HybridGateway.Shared.Keys;
using HybridGateway.Shared.Plugins;
using HybridGateway.Shared.Plugins.Jwt;
using HybridGateway.Shared.Plugins.BasicAuth;
using HybridGateway.Shared.Plugins.KeyAuth;
using HybridGateway.Shared.Validation;

namespace HybridGateway.Shared.Declarative;

/// <summary>
/// Reads Kong's declarative configuration (<c>kong.yml</c>, YAML or JSON, <c>_format_version</c> 3.0, 2.1 or 1.1)
/// into a <see cref="GatewayConfig"/>: nested and top-level entities, references by id or by name, every entity
/// through the same schemas as the Admin API, then the whole-config checks. Every error is collected.
/// </summary>
public static partial class DeclarativeConfig
{
    /// <summary>The largest file accepted, in characters.</summary>
    public const int MaxLength = 16 * 1024 * 1024;

    public static readonly IReadOnlyList<string> FormatVersions = ["1.1", "2.1", "3.0"];

    private static readonly HashSet<string> TopLevelKeys =
        ["_format_version", "_transform", "_comment", "_ignore", "_workspace", "services", "routes", "consumers", "plugins", KeysSchema.KeySetsEntity, KeysSchema.KeysEntity, CaCertificatesSchema.Entity, .. CredentialSchemas().Select(s => s.Name)];

    /// <summary>Consumer credential entities: nested under a consumer or top-level with <c>consumer: name-or-id</c>.</summary>
    private static IEnumerable<Schema> CredentialSchemas() => [KeyAuthSchema.Credentials, BasicAuthSchema.Credentials, JwtSecretSchema.Schema];

    /// <summary>Reads <paramref name="text"/>; entities without timestamps get <paramref name="timestamp"/> (epoch seconds).</summary>
    public static DeclarativeResult Parse(string text, long timestamp = 0, IPluginCatalog? plugins = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        plugins ??= BundledPlugins.Catalog;
        if (text.Length > MaxLength)
        {
            return Failed(new DeclarativeError(string.Empty, $"the file is larger than {MaxLength} characters"));
        }

        JsonNode? root;
        YamlJson lines;
        try
        {
            (root, lines) = YamlJson.Read(text);
        }
        catch (DeclarativeFormatException ex)
        {
            return Failed(new DeclarativeError(string.Empty, ex.Message, ex.Line));
        }

        // An empty file is an empty record: it then fails for its missing _format_version, as Kong's does.
        root ??= new JsonObject();
        if (root is not JsonObject document)
        {
            return Failed(new DeclarativeError(string.Empty, "expected a record (a mapping of entity names to lists)"));
        }

        return new Reader(document, lines, timestamp, plugins).Read();
    }

    private static DeclarativeResult Failed(DeclarativeError error) => new(null, [error], null);

    /// <summary>Kong 3 marks regex paths with '~'; files of older formats wrote them bare (Kong's own migration rule).</summary>
    private static string MigrateLegacyPath(string path) =>
        path.StartsWith('~') || PlainPath().IsMatch(path) ? path : "~" + path;

    [GeneratedRegex(@"^[a-zA-Z0-9._~/%\-]*$")]
    private static partial Regex PlainPath();

    /// <summary>One entity read from the file, before its schema runs.</summary>
    private sealed record Pending(string Kind, string Path, int? Line, JsonObject Input);

    private sealed class Reader
    {
        private readonly JsonObject _document;
        private readonly YamlJson _lines;
        private readonly long _timestamp;
        private readonly IPluginCatalog _plugins;
        private readonly List<DeclarativeError> _errors = [];
        private readonly List<Pending> _services = [];
        private readonly List<Pending> _routes = [];
        private readonly List<Pending> _consumers = [];
        private readonly List<Pending> _pluginInputs = [];
        private readonly Dictionary<string, List<Pending>> _credentials = CredentialSchemas().ToDictionary(s => s.Name, _ => new List<Pending>());
        private readonly Dictionary<string, Guid> _serviceNames = new(StringComparer.Ordinal);
        private readonly Dictionary<string, Guid> _routeNames = new(StringComparer.Ordinal);
        private readonly Dictionary<string, Guid> _consumerNames = new(StringComparer.Ordinal);
        private readonly List<Pending> _keySets = [];
        private readonly List<Pending> _keys = [];
        private readonly List<Pending> _caCertificates = [];
        private readonly Dictionary<string, Guid> _keySetNames = new(StringComparer.Ordinal);
        private string _format = "3.0";

        public Reader(JsonObject document, YamlJson lines, long timestamp, IPluginCatalog plugins)
        {
            _document = document;
            _lines = lines;
            _timestamp = timestamp;
            _plugins = plugins;
        }

        public DeclarativeResult Read()
        {
            ReadHeader();
            foreach (var (key, _) in _document)
            {
                if (!TopLevelKeys.Contains(key))
                {
                    _errors.Add(new DeclarativeError(key, "unknown field"));
                }
            }

            foreach (var (service, path, line) in Entities("services"))
            {
                var id = AssignId(service, "services", service["name"], path);
                Collect(_services, "services", path, line, service);
                Remember(_serviceNames, service, "name", id);
                foreach (var (route, routePath, routeLine) in Nested(service, "routes", path))
                {
                    route["service"] = Ref(id);
                    Collect(_routes, "routes", routePath, routeLine, route);
                }

                foreach (var (plugin, pluginPath, pluginLine) in Nested(service, "plugins", path))
                {
                    plugin["service"] = Ref(id);
                    Collect(_pluginInputs, "plugins", pluginPath, pluginLine, plugin);
                }
            }

            foreach (var (route, path, line) in Entities("routes"))
            {
                Collect(_routes, "routes", path, line, route);
            }

            foreach (var (consumer, path, line) in Entities("consumers"))
            {
                var id = AssignId(consumer, "consumers", consumer["username"] ?? consumer["custom_id"], path);
                Collect(_consumers, "consumers", path, line, consumer);
                Remember(_consumerNames, consumer, "username", id);
                Remember(_consumerNames, consumer, "custom_id", id);
                foreach (var (plugin, pluginPath, pluginLine) in Nested(consumer, "plugins", path))
                {
                    plugin["consumer"] = Ref(id);
                    Collect(_pluginInputs, "plugins", pluginPath, pluginLine, plugin);
                }

                foreach (var (kind, pending) in _credentials)
                {
                    foreach (var (credential, credentialPath, credentialLine) in Nested(consumer, kind, path))
                    {
                        credential["consumer"] = Ref(id);
                        Collect(pending, kind, credentialPath, credentialLine, credential);
                    }
                }
            }

            foreach (var (kind, pending) in _credentials)
            {
                foreach (var (credential, path, line) in Entities(kind))
                {
                    Collect(pending, kind, path, line, credential);
                }
            }

            // Keys nest under their set (Kong nests entities under the one they reference) or name it: `set: name-or-id`.
            foreach (var (keySet, path, line) in Entities(KeysSchema.KeySetsEntity))
            {
                var id = AssignId(keySet, KeysSchema.KeySetsEntity, keySet["name"], path);
                Collect(_keySets, KeysSchema.KeySetsEntity, path, line, keySet);
                Remember(_keySetNames, keySet, "name", id);
                foreach (var (key, keyPath, keyLine) in Nested(keySet, KeysSchema.KeysEntity, path))
                {
                    key["set"] = Ref(id);
                    Collect(_keys, KeysSchema.KeysEntity, keyPath, keyLine, key);
                }
            }

            foreach (var (key, path, line) in Entities(KeysSchema.KeysEntity))
            {
                Collect(_keys, KeysSchema.KeysEntity, path, line, key);
            }

            foreach (var (caCertificate, path, line) in Entities(CaCertificatesSchema.Entity))
            {
                Collect(_caCertificates, CaCertificatesSchema.Entity, path, line, caCertificate);
            }

            // Routes get their ids once services have theirs, so nested and top-level routes are named alike.
            foreach (var route in _routes.ToList())
            {
                var routeId = AssignId(route.Input, "routes", route.Input["name"], route.Path);
                Remember(_routeNames, route.Input, "name", routeId);
                foreach (var (plugin, pluginPath, pluginLine) in Nested(route.Input, "plugins", route.Path))
                {
                    plugin["route"] = Ref(routeId);
                    Collect(_pluginInputs, "plugins", pluginPath, pluginLine, plugin);
                }
            }

            foreach (var (plugin, path, line) in Entities("plugins"))
            {
                Collect(_pluginInputs, "plugins", path, line, plugin);
            }

            var services = Process(_services, EntitySchemas.Services, _ => { });
            var routes = Process(_routes, EntitySchemas.Routes, route =>
            {
                ResolveRef(route, "service", _serviceNames, "services");
                if (_format != "3.0" && route.Input["paths"] is JsonArray paths)
                {
                    route.Input["paths"] = new JsonArray([.. paths.Select(p => p is JsonValue v && v.TryGetValue<string>(out var s) ? JsonValue.Create(MigrateLegacyPath(s)) : p?.DeepClone())]);
                }
            });
            var consumers = Process(_consumers, EntitySchemas.Consumers, _ => { });
            var plugins = Process(_pluginInputs, EntitySchemas.Plugins(_plugins), plugin =>
            {
                ResolveRef(plugin, "service", _serviceNames, "services");
                ResolveRef(plugin, "route", _routeNames, "routes");
                ResolveRef(plugin, "consumer", _consumerNames, "consumers");
                if (!plugin.Input.ContainsKey("id"))
                {
                    var key = string.Join('|', plugin.Input["name"]?.ToJsonString(), plugin.Input["service"]?.ToJsonString(), plugin.Input["route"]?.ToJsonString(), plugin.Input["consumer"]?.ToJsonString());
                    plugin.Input["id"] = DeterministicId.For("plugins", key).ToString();
                }
            });

            var credentials = CredentialSchemas().ToDictionary(schema => schema.Name, schema => Process(_credentials[schema.Name], schema, credential =>
            {
                ResolveRef(credential, "consumer", _consumerNames, "consumers");
                if (!credential.Input.ContainsKey("id"))
                {
                    // Named by its key (a basic-auth credential by its username), hashed into the id, so the key itself never shows in the id.
                    var naming = credential.Input[schema.EndpointKey!];
                    credential.Input["id"] = DeterministicId.For(schema.Name, naming?.ToJsonString() ?? credential.Path).ToString();
                }

                schema.FillGenerated?.Invoke(credential.Input);
            }));

            var keySets = Process(_keySets, KeysSchema.KeySets, _ => { });
            var keys = Process(_keys, KeysSchema.Keys, key =>
            {
                ResolveRef(key, "set", _keySetNames, KeysSchema.KeySetsEntity);
                if (!key.Input.ContainsKey("id"))
                {
                    // Named by its name, else by its kid within its set (Kong's cache key).
                    var naming = key.Input["name"] is JsonValue name && name.TryGetValue<string>(out var text)
                        ? text
                        : KeysSchema.CacheKey(key.Input["kid"]?.ToJsonString(), key.Input["set"]?["id"]?.ToString());
                    key.Input["id"] = DeterministicId.For(KeysSchema.KeysEntity, naming).ToString();
                }
            });

            var caCertificates = Process(_caCertificates, CaCertificatesSchema.Schema, caCertificate =>
            {
                // Named by the certificate itself, so re-importing a file keeps the ids plugins refer to.
                if (!caCertificate.Input.ContainsKey("id"))
                {
                    caCertificate.Input["id"] = DeterministicId.For(CaCertificatesSchema.Entity, caCertificate.Input["cert"]?.ToJsonString() ?? caCertificate.Path).ToString();
                }
            });

            CheckUnique(services, "services", "name");
            CheckUnique(routes, "routes", "name");
            CheckUnique(consumers, "consumers", "username");
            CheckUnique(consumers, "consumers", "custom_id");
            CheckUnique(plugins, "plugins", "instance_name");
            foreach (var schema in CredentialSchemas())
            {
                // An API key is a secret and never repeated in an error; a JWT key or a username is not.
                var key = schema.EndpointKey!;
                CheckUnique(credentials[schema.Name], schema.Name, key, secret: schema.FieldsByName[key].Secret);
            }

            CheckUnique(keySets, KeysSchema.KeySetsEntity, "name");
            CheckUnique(keys, KeysSchema.KeysEntity, "name");
            CheckUnique([.. services, .. routes, .. consumers, .. plugins, .. credentials.Values.SelectMany(c => c), .. keySets, .. keys, .. caCertificates], null, "id");

            if (_errors.Count > 0)
            {
                return new DeclarativeResult(null, _errors, _format);
            }

            var config = new GatewayConfig
            {
                Services = Deserialize<ServiceConfig>(services),
                Routes = Deserialize<RouteConfig>(routes),
                Consumers = Deserialize<ConsumerConfig>(consumers),
                Plugins = Deserialize<PluginConfig>(plugins),
                KeyAuthCredentials = Deserialize<KeyAuthCredentialConfig>(credentials[KeyAuthSchema.CredentialsEntity]),
                BasicAuthCredentials = Deserialize<BasicAuthCredentialConfig>(credentials[BasicAuthSchema.CredentialsEntity]),
                JwtSecrets = Deserialize<JwtSecretConfig>(credentials[JwtSecretSchema.EntityName]),
                KeySets = Deserialize<KeySetConfig>(keySets),
                Keys = Deserialize<KeyConfig>(keys),
                CaCertificates = Deserialize<CaCertificateConfig>(caCertificates),
            }.ToCanonicalOrder();

            foreach (var error in ConfigValidator.Validate(config, _plugins))
            {
                _errors.Add(new DeclarativeError(string.Empty, error));
            }

            return _errors.Count > 0 ? new DeclarativeResult(null, _errors, _format) : new DeclarativeResult(config, [], _format);
        }

        private void ReadHeader()
        {
            var version = _document["_format_version"];
            string? text = version?.GetValueKind() switch
            {
                JsonValueKind.String => version.GetValue<string>(),
                // An unquoted `3.0` in YAML is a number.
                JsonValueKind.Number => double.Parse(version.ToJsonString(), CultureInfo.InvariantCulture).ToString("0.0", CultureInfo.InvariantCulture),
                _ => null,
            };
            if (version is null)
            {
                _errors.Add(new DeclarativeError("_format_version", "required field missing"));
            }
            else if (text is null || !FormatVersions.Contains(text))
            {
                _errors.Add(new DeclarativeError("_format_version", $"expected one of: {string.Join(", ", FormatVersions)}"));
            }
            else
            {
                _format = text;
            }

            if (_document["_transform"] is { } transform && transform.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False))
            {
                _errors.Add(new DeclarativeError("_transform", "expected a boolean"));
            }
        }

        private IEnumerable<(JsonObject Entity, string Path, int? Line)> Entities(string kind) => Items(_document[kind], kind);

        private IEnumerable<(JsonObject Entity, string Path, int? Line)> Nested(JsonObject parent, string kind, string parentPath)
        {
            var items = parent[kind];
            parent.Remove(kind);
            return Items(items, $"{parentPath}.{kind}");
        }

        private IEnumerable<(JsonObject Entity, string Path, int? Line)> Items(JsonNode? list, string path)
        {
            if (list is null)
            {
                yield break;
            }

            if (list is not JsonArray array)
            {
                _errors.Add(new DeclarativeError(path, "expected an array"));
                yield break;
            }

            for (var i = 0; i < array.Count; i++)
            {
                if (array[i] is JsonObject entity)
                {
                    yield return (entity, $"{path}[{i}]", _lines.LineOf(entity));
                }
                else
                {
                    _errors.Add(new DeclarativeError($"{path}[{i}]", "expected a record"));
                }
            }
        }

        private static void Collect(List<Pending> into, string kind, string path, int? line, JsonObject input) =>
            into.Add(new Pending(kind, path, line, input));

        private Guid AssignId(JsonObject entity, string kind, JsonNode? naturalKey, string path)
        {
            if (entity["id"] is JsonValue given && given.TryGetValue<string>(out var text) && Guid.TryParse(text, out var id))
            {
                return id;
            }

            if (entity.ContainsKey("id"))
            {
                // Leave a bad id in place: the schema reports it against the field.
                return Guid.Empty;
            }

            var key = naturalKey is JsonValue v && v.TryGetValue<string>(out var name) ? name : path;
            id = DeterministicId.For(kind, key);
            entity["id"] = id.ToString();
            return id;
        }

        private static void Remember(Dictionary<string, Guid> names, JsonObject entity, string field, Guid id)
        {
            if (entity[field] is JsonValue v && v.TryGetValue<string>(out var name))
            {
                names.TryAdd(name, id);
            }

            names.TryAdd(id.ToString(), id);
        }

        private static JsonObject Ref(Guid id) => new() { ["id"] = id.ToString() };

        /// <summary>A reference may be an id or a name, bare (<c>service: svc</c>) or as a record (<c>{name: svc}</c>).</summary>
        private void ResolveRef(Pending entity, string field, Dictionary<string, Guid> names, string target)
        {
            var value = entity.Input[field];
            string? key = value switch
            {
                JsonValue v when v.TryGetValue<string>(out var s) => s,
                JsonObject o when o.Count == 1 && o["id"] is JsonValue id && id.TryGetValue<string>(out var s) => s,
                JsonObject o when o.Count == 1 && (o["name"] ?? o["username"]) is JsonValue name && name.TryGetValue<string>(out var s) => s,
                _ => null,
            };
            if (value is null || key is null)
            {
                return;
            }

            if (names.TryGetValue(key, out var resolved))
            {
                entity.Input[field] = Ref(resolved);
            }
            else
            {
                _errors.Add(new DeclarativeError($"{entity.Path}.{field}", $"could not find {target} entity '{key}'", entity.Line));
                entity.Input.Remove(field);
            }
        }

        private List<(Pending Source, JsonObject Entity)> Process(List<Pending> pending, Schema schema, Action<Pending> prepare)
        {
            var processed = new List<(Pending, JsonObject)>(pending.Count);
            foreach (var entity in pending)
            {
                prepare(entity);
                entity.Input["created_at"] ??= _timestamp;
                if (schema.FieldsByName.ContainsKey("updated_at"))
                {
                    entity.Input["updated_at"] ??= entity.Input["created_at"]!.DeepClone();
                }

                var result = SchemaProcessor.Process(schema, entity.Input);
                foreach (var (field, message) in result.Errors.Flatten())
                {
                    _errors.Add(new DeclarativeError(field.Length == 0 ? entity.Path : $"{entity.Path}.{field}", message, entity.Line));
                }

                if (!result.Errors.HasErrors)
                {
                    // Files may carry a clear basic-auth password or an exported hash; stores and nodes only see hashes.
                    schema.Transform?.Invoke(result.Entity);
                }

                processed.Add((entity, result.Entity));
            }

            return processed;
        }

        private void CheckUnique(List<(Pending Source, JsonObject Entity)> entities, string? kind, string field, bool secret = false)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (source, entity) in entities)
            {
                if (entity[field] is JsonValue v && v.TryGetValue<string>(out var value) && !seen.Add(value))
                {
                    _errors.Add(new DeclarativeError(
                        source.Path,
                        secret
                            ? $"uniqueness violation: '{kind ?? source.Kind}' entity with this {field} already declared"
                            : $"uniqueness violation: '{kind ?? source.Kind}' entity with {field} set to '{value}' already declared",
                        source.Line));
                }
            }
        }

        private static List<T> Deserialize<T>(List<(Pending Source, JsonObject Entity)> entities) =>
            [.. entities.Select(e => e.Entity.Deserialize<T>(GatewayJson.Options)!)];
    }
}
