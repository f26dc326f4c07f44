using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using HybridGateway.Shared.Plugins;

namespace HybridGateway.Shared.Validation;

/// <summary>
/// The schemas of Kong's core entities, with Kong's fields, defaults, rules and messages
/// (kong/db/schema/entities/{services,routes,consumers,plugins}.lua).
/// </summary>
public static partial class EntitySchemas
{
    /// <summary>Regex paths are compiled with this time-out so a hostile pattern cannot stall a node.</summary>
    public static readonly TimeSpan RegexTimeout = TimeSpan.FromMilliseconds(100);

    private static readonly IReadOnlyList<string> ServiceProtocols = Typedefs.HttpProtocols;

    public static Schema Services { get; } = new(
        "services",
        [
            Typedefs.Id(),
            Typedefs.Timestamp("created_at"),
            Typedefs.Timestamp("updated_at"),
            Typedefs.Name(),
            new FieldSchema { Name = "retries", Type = FieldType.Integer, Required = true, Default = JsonValue.Create(5), Between = (0, 32767) },
            new FieldSchema { Name = "protocol", Type = FieldType.String, Required = true, Default = JsonValue.Create("http"), OneOf = ServiceProtocols },
            Typedefs.Host(required: true),
            Typedefs.Port(),
            Typedefs.Path(),
            Typedefs.Timeout("connect_timeout"),
            Typedefs.Timeout("write_timeout"),
            Typedefs.Timeout("read_timeout"),
            Typedefs.Tags(),
            Typedefs.Foreign("client_certificate", "certificates"),
            new FieldSchema { Name = "tls_verify", Type = FieldType.Boolean },
            new FieldSchema { Name = "tls_verify_depth", Type = FieldType.Integer, Between = (0, 64) },
            new FieldSchema { Name = "ca_certificates", Type = FieldType.Array, Elements = Typedefs.Uuid("ca_certificate") },
            Typedefs.Bool("enabled", true),
        ],
        shorthands: [ExpandServiceUrl]);

    public static Schema Routes { get; } = new(
        "routes",
        [
            Typedefs.Id(),
            Typedefs.Timestamp("created_at"),
            Typedefs.Timestamp("updated_at"),
            Typedefs.Name(),
            Typedefs.Protocols(Typedefs.HttpProtocols, Typedefs.HttpProtocols),
            new FieldSchema
            {
                Name = "methods",
                Type = FieldType.Set,
                Elements = new FieldSchema { Name = "method", Type = FieldType.String, Match = HttpMethod() },
            },
            new FieldSchema
            {
                Name = "hosts",
                Type = FieldType.Array,
                Elements = new FieldSchema { Name = "host", Type = FieldType.String, Custom = v => Typedefs.ValidHost(v.GetValue<string>(), allowWildcard: true) },
            },
            new FieldSchema
            {
                Name = "paths",
                Type = FieldType.Array,
                Elements = new FieldSchema { Name = "path", Type = FieldType.String, Custom = v => ValidRouterPath(v.GetValue<string>()) },
            },
            new FieldSchema
            {
                Name = "headers",
                Type = FieldType.Map,
                Keys = new FieldSchema { Name = "header", Type = FieldType.String, Custom = v => ValidRouteHeaderName(v.GetValue<string>()) },
                Values = new FieldSchema
                {
                    Name = "values",
                    Type = FieldType.Set,
                    Elements = new FieldSchema { Name = "value", Type = FieldType.String, Custom = v => ValidHeaderValue(v.GetValue<string>()) },
                },
            },
            new FieldSchema { Name = "snis", Type = FieldType.Set, Elements = new FieldSchema { Name = "sni", Type = FieldType.String, Custom = v => Typedefs.ValidHost(v.GetValue<string>(), allowWildcard: true) } },
            new FieldSchema { Name = "https_redirect_status_code", Type = FieldType.Integer, Required = true, Default = JsonValue.Create(426), OneOf = ["426", "301", "302", "307", "308"] },
            new FieldSchema { Name = "regex_priority", Type = FieldType.Integer, Required = true, Default = JsonValue.Create(0) },
            Typedefs.Bool("strip_path", true),
            new FieldSchema { Name = "path_handling", Type = FieldType.String, Required = true, Default = JsonValue.Create("v0"), OneOf = ["v0", "v1"] },
            Typedefs.Bool("preserve_host", false),
            Typedefs.Bool("request_buffering", true),
            Typedefs.Bool("response_buffering", true),
            Typedefs.Tags(),
            Typedefs.Foreign("service", "services"),
        ],
        [CheckRouteMatchers]);

    public static Schema Consumers { get; } = new(
        "consumers",
        [
            Typedefs.Id(),
            Typedefs.Timestamp("created_at"),
            Typedefs.Timestamp("updated_at"),
            new FieldSchema { Name = "username", Type = FieldType.String, Unique = true, LenMin = 1 },
            new FieldSchema { Name = "custom_id", Type = FieldType.String, Unique = true, LenMin = 1 },
            Typedefs.Tags(),
        ],
        [AtLeastOneOf("custom_id", "username")]);

    /// <summary>The plugins schema for a catalog of plugins: checks the name and the config against that plugin.</summary>
    public static Schema Plugins(IPluginCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new Schema(
            "plugins",
            [
                Typedefs.Id(),
                new FieldSchema { Name = "name", Type = FieldType.String, Required = true },
                Typedefs.Name("instance_name"),
                Typedefs.Timestamp("created_at"),
                Typedefs.Timestamp("updated_at"),
                Typedefs.Foreign("route", "routes"),
                Typedefs.Foreign("service", "services"),
                Typedefs.Foreign("consumer", "consumers"),
                // The real config schema depends on the plugin's name; the check below validates it.
                new FieldSchema { Name = "config", Type = FieldType.Any },
                new FieldSchema { Name = "protocols", Type = FieldType.Set, Elements = new FieldSchema { Name = "protocol", Type = FieldType.String, OneOf = ["grpc", "grpcs", "http", "https"] } },
                Typedefs.Bool("enabled", true),
                Typedefs.Tags(),
            ],
            [(entity, errors) => CheckPlugin(catalog, entity, errors)])
        {
            Secrets = PluginSecrets.Fields(catalog),
        };
    }

    /// <summary>
    /// <see cref="SchemaProcessor.CoerceFormInput"/> for plugin input: the plugin's own fields, and its <c>config</c>
    /// with the schema of the plugin named in the input (form values such as <c>config.status_code=403</c>).
    /// </summary>
    public static JsonObject CoercePluginFormInput(IPluginCatalog catalog, JsonObject input)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var coerced = SchemaProcessor.CoerceFormInput(Plugins(catalog), input);
        if (coerced["name"] is JsonValue name && name.TryGetValue<string>(out var pluginName)
            && catalog.TryGet(pluginName, out var definition)
            && coerced["config"] is JsonObject config)
        {
            coerced["config"] = SchemaProcessor.CoerceFormInput(definition.ConfigSchema, config);
        }

        return coerced;
    }

    /// <summary>Validates a plugin's name, scope, protocols and config against its definition; fills config defaults.</summary>
    private static void CheckPlugin(IPluginCatalog catalog, JsonObject plugin, FieldErrors errors)
    {
        if (plugin["name"] is not JsonValue nameValue || !nameValue.TryGetValue<string>(out var name))
        {
            return;
        }

        if (!catalog.TryGet(name, out var definition))
        {
            errors.Add("name", $"plugin '{name}' not enabled; add it to the 'plugins' configuration property");
            return;
        }

        if (definition.NoConsumer && plugin["consumer"] is not null)
        {
            errors.Add("consumer", "value must be null");
        }

        if (definition.NoService && plugin["service"] is not null)
        {
            errors.Add("service", "value must be null");
        }

        if (definition.NoRoute && plugin["route"] is not null)
        {
            errors.Add("route", "value must be null");
        }

        if (plugin["protocols"] is null)
        {
            plugin["protocols"] = new JsonArray([.. definition.Protocols.Select(p => (JsonNode?)JsonValue.Create(p))]);
        }
        else if (plugin["protocols"] is JsonArray protocols)
        {
            var index = 0;
            foreach (var protocol in protocols)
            {
                index++;
                if (protocol is JsonValue v && v.TryGetValue<string>(out var p) && !definition.Protocols.Contains(p, StringComparer.Ordinal))
                {
                    errors.Add($"protocols.{index}", $"expected one of: {string.Join(", ", definition.Protocols)}");
                }
            }
        }

        var config = plugin["config"] ?? new JsonObject();
        if (config is not JsonObject configObject)
        {
            errors.Add("config", "expected a record");
            return;
        }

        var result = definition.JsonSchemaConfig is { } custom
            ? custom.Process(configObject)
            : SchemaProcessor.Process(definition.ConfigSchema, configObject);
        errors.AddNested("config", result.Errors);
        plugin["config"] = result.Entity;
        if (result.IsValid)
        {
            foreach (var check in definition.EntityChecks)
            {
                check(plugin, errors);
            }
        }
    }

    private static void ExpandServiceUrl(JsonObject input, FieldErrors errors)
    {
        if (!input.TryGetPropertyValue("url", out var urlNode))
        {
            return;
        }

        input.Remove("url");
        if (urlNode is null)
        {
            return;
        }

        if (urlNode.GetValueKind() != JsonValueKind.String)
        {
            errors.Add("url", "expected a string");
            return;
        }

        var url = urlNode.GetValue<string>();
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
        {
            errors.Add("url", "missing host in url");
            return;
        }

        if (!uri.UserInfo.Equals(string.Empty, StringComparison.Ordinal) || !string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment))
        {
            errors.Add("url", "url must not carry credentials, a query or a fragment");
            return;
        }

        input["protocol"] = uri.Scheme;
        input["host"] = uri.Host;
        input["port"] = uri.IsDefaultPort
            ? (uri.Scheme == "https" ? 443 : 80)
            : uri.Port;

        // Kong keeps the path as written, '/' included; no path means null.
        var path = RawPath(url);
        input["path"] = path is null ? null : JsonValue.Create(path);
    }

    /// <summary>The path of an absolute URL exactly as written (Uri would normalize and unescape it).</summary>
    private static string? RawPath(string url)
    {
        var afterScheme = url.IndexOf("://", StringComparison.Ordinal);
        var slash = afterScheme < 0 ? -1 : url.IndexOf('/', afterScheme + 3);
        if (slash < 0)
        {
            return null;
        }

        var end = url.IndexOfAny(['?', '#'], slash);
        return end < 0 ? url[slash..] : url[slash..end];
    }

    private static void CheckRouteMatchers(JsonObject route, FieldErrors errors)
    {
        var protocols = (route["protocols"] as JsonArray)?.Select(p => p?.GetValueKind() == JsonValueKind.String ? p.GetValue<string>() : null).ToList() ?? [];
        var has = (string field) => route[field] switch
        {
            JsonArray array => array.Count > 0,
            JsonObject map => map.Count > 0,
            null => false,
            _ => true,
        };

        var https = protocols.Contains("https");
        var http = protocols.Contains("http");
        if (has("snis") && !https)
        {
            errors.AddEntity("'snis' can only be set when 'protocols' is 'grpcs', 'https', 'tls' or 'tls_passthrough'");
        }

        if (https && !(has("methods") || has("hosts") || has("headers") || has("paths") || has("snis")))
        {
            errors.AddEntity("must set one of 'methods', 'hosts', 'headers', 'paths', 'snis' when 'protocols' is 'https'");
        }
        else if (http && !https && !(has("methods") || has("hosts") || has("headers") || has("paths")))
        {
            errors.AddEntity("must set one of 'methods', 'hosts', 'headers', 'paths' when 'protocols' is 'http'");
        }
    }

    private static EntityCheck AtLeastOneOf(params string[] fields) => (entity, errors) =>
    {
        if (fields.All(f => entity[f] is null))
        {
            errors.AddEntity($"at least one of these fields must be non-empty: {string.Join(", ", fields.Select(f => $"'{f}'"))}");
        }
    };

    /// <summary>Kong's router paths: a prefix starting with '/', or a regex starting with '~' that compiles.</summary>
    public static string? ValidRouterPath(string path)
    {
        if (path.StartsWith('~'))
        {
            try
            {
                _ = new Regex(path[1..], RegexOptions.CultureInvariant, RegexTimeout);
                return null;
            }
            catch (ArgumentException ex)
            {
                return $"invalid regex: '{path[1..]}' ({ex.Message})";
            }
        }

        if (!path.StartsWith('/'))
        {
            return "should start with: / (fixed path) or ~/ (regex path)";
        }

        return Typedefs.ValidPath(path);
    }

    private static string? ValidRouteHeaderName(string name)
    {
        if (name.Equals("host", StringComparison.OrdinalIgnoreCase))
        {
            return "cannot contain 'host' header, which must be specified in the 'hosts' attribute";
        }

        return name.Length > 0 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_')
            ? null
            : $"bad header name '{name}', allowed characters are A-Z, a-z, 0-9, '_', and '-'";
    }

    private static string? ValidHeaderValue(string value)
    {
        if (value.StartsWith("~*", StringComparison.Ordinal))
        {
            try
            {
                _ = new Regex(value[2..], RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, RegexTimeout);
            }
            catch (ArgumentException ex)
            {
                return $"invalid regex: '{value[2..]}' ({ex.Message})";
            }
        }

        return null;
    }

    [GeneratedRegex("^[A-Z]+$")]
    private static partial Regex HttpMethod();
}
