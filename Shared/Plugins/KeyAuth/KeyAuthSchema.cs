using System.Text.Json.Nodes;
using HybridGateway.Shared.Validation;

namespace HybridGateway.Shared.Plugins.KeyAuth;

/// <summary>Kong's key-auth plugin and its <c>keyauth_credentials</c> entity (kong/plugins/key-auth/{schema,daos}.lua).</summary>
public static class KeyAuthSchema
{
    public const string Name = "key-auth";

    /// <summary>The credential entity's name, in the Admin API (<c>/key-auths</c>) and in declarative files.</summary>
    public const string CredentialsEntity = "keyauth_credentials";

    public static PluginDefinition Definition { get; } = new()
    {
        Name = Name,
        Version = "1.0.0",
        Priority = 1250,
        NoConsumer = true,
        Description = "Authenticates consumers by an API key in a header, the query string or the body.",
        ConfigSchema = new Schema(
            "config",
            [
                new FieldSchema
                {
                    Name = "key_names",
                    Type = FieldType.Array,
                    Required = true,
                    LenMin = 1,
                    Default = new JsonArray("apikey"),
                    Elements = Typedefs.HeaderName("key_name"),
                    Description = "Names of the headers, query and body parameters that may carry the key.",
                },
                Typedefs.Bool("hide_credentials", false, "Remove the key from the request before proxying it."),
                new FieldSchema { Name = "anonymous", Type = FieldType.String, Description = "Consumer id or username used when authentication fails." },
                Typedefs.Bool("key_in_header", true, "Look for the key in headers."),
                Typedefs.Bool("key_in_query", true, "Look for the key in the query string."),
                Typedefs.Bool("key_in_body", false, "Look for the key in form or JSON bodies."),
                Typedefs.Bool("run_on_preflight", true, "Authenticate OPTIONS preflight requests too."),
                new FieldSchema { Name = "realm", Type = FieldType.String, Description = "Realm in the WWW-Authenticate header." },
            ]),
    };

    public static Schema Credentials { get; } = new(
        CredentialsEntity,
        [
            Typedefs.Id(),
            Typedefs.Timestamp("created_at"),
            Typedefs.Foreign("consumer", "consumers", required: true),
            new FieldSchema { Name = "key", Type = FieldType.String, Required = true, Unique = true, LenMin = 1, Secret = true, Description = "The API key; generated when absent." },
            new FieldSchema { Name = "ttl", Type = FieldType.Integer, Between = (0, 100_000_000), Description = "Seconds until the key expires." },
            Typedefs.Tags(),
        ])
    {
        EndpointKey = "key",

        // Kong generates the key when none is given.
        FillGenerated = credential => credential["key"] ??= Plugins.Credentials.NewRandomKey(),
    };
}
