using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using HybridGateway.Shared.Configuration;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace HybridGateway.Shared.Declarative;

/// <summary>
/// Writes a <see cref="GatewayConfig"/> as a Kong declarative file (<c>_format_version: "3.0"</c>, flat top-level
/// lists, ids and timestamps kept) that <see cref="DeclarativeConfig.Parse"/> reads back to the same config and hash.
/// Secret values of entities whose schema has <see cref="Validation.Schema.Secrets"/> (private keys, secret plugin config
/// fields) are withheld, so
/// an export never carries them; importing such an export back is refused, naming the withheld field.
/// </summary>
public static class DeclarativeExport
{
    public const string FormatVersion = "3.0";

    /// <summary>The file as a JSON document.</summary>
    public static JsonObject ToDocument(GatewayConfig config, Plugins.IPluginCatalog? plugins = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        var canonical = config.ToCanonicalOrder();
        var document = new JsonObject { ["_format_version"] = FormatVersion };
        Add(document, "services", canonical.Services);
        Add(document, "routes", canonical.Routes);
        Add(document, "consumers", canonical.Consumers);
        Add(document, "plugins", canonical.Plugins, Plugins.PluginSecrets.Fields(plugins ?? Plugins.BundledPlugins.Catalog));
        Add(document, Plugins.KeyAuth.KeyAuthSchema.CredentialsEntity, canonical.KeyAuthCredentials);
        Add(document, Plugins.BasicAuth.BasicAuthSchema.CredentialsEntity, canonical.BasicAuthCredentials);
        Add(document, Plugins.Jwt.JwtSecretSchema.EntityName, canonical.JwtSecrets);
        Add(document, Keys.KeysSchema.KeySetsEntity, canonical.KeySets);
        Add(document, Keys.KeysSchema.KeysEntity, canonical.Keys, Keys.KeysSchema.Keys.Secrets);
        Add(document, Certificates.CaCertificatesSchema.Entity, canonical.CaCertificates);
        return document;
    }

    /// <summary>The file as YAML.</summary>
    public static string ToYaml(GatewayConfig config, Plugins.IPluginCatalog? plugins = null)
    {
        var writer = new StringWriter(CultureInfo.InvariantCulture);
        var emitter = new Emitter(writer);
        emitter.Emit(new StreamStart());
        emitter.Emit(new DocumentStart());
        Emit(emitter, ToDocument(config, plugins));
        emitter.Emit(new DocumentEnd(isImplicit: true));
        emitter.Emit(new StreamEnd());
        return writer.ToString();
    }

    private static void Add<T>(JsonObject document, string name, IReadOnlyList<T> entities, Secrets.SecretFields? secrets = null)
    {
        if (entities.Count == 0)
        {
            return;
        }

        var list = JsonSerializer.SerializeToNode(entities, GatewayJson.Options)!.AsArray();
        if (secrets is not null)
        {
            foreach (var entity in list.OfType<JsonObject>())
            {
                secrets.Redact(entity);
            }
        }

        document[name] = list;
    }

    private static void Emit(IEmitter emitter, JsonNode? node)
    {
        switch (node)
        {
            case null:
                emitter.Emit(new Scalar(null, null, "null", ScalarStyle.Plain, isPlainImplicit: true, isQuotedImplicit: false));
                break;
            case JsonObject obj:
                emitter.Emit(new MappingStart());
                foreach (var (key, value) in obj)
                {
                    emitter.Emit(new Scalar(key));
                    Emit(emitter, value);
                }

                emitter.Emit(new MappingEnd());
                break;
            case JsonArray array:
                emitter.Emit(new SequenceStart(null, null, isImplicit: true, SequenceStyle.Block));
                foreach (var item in array)
                {
                    Emit(emitter, item);
                }

                emitter.Emit(new SequenceEnd());
                break;
            default:
                var kind = node.GetValueKind();
                if (kind == JsonValueKind.String)
                {
                    // Quoted, so strings such as "true", "3.0" or "null" stay strings when read back.
                    var text = node.GetValue<string>();
                    var style = text.Contains('\n', StringComparison.Ordinal) ? ScalarStyle.Literal : ScalarStyle.DoubleQuoted;
                    emitter.Emit(new Scalar(null, null, text, style, isPlainImplicit: false, isQuotedImplicit: true));
                }
                else
                {
                    emitter.Emit(new Scalar(null, null, node.ToJsonString(), ScalarStyle.Plain, isPlainImplicit: true, isQuotedImplicit: false));
                }

                break;
        }
    }
}
