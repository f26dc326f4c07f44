using System.Text.Json.Nodes;
using HybridGateway.Shared.Validation;

namespace HybridGateway.Shared.Plugins.BasicAuth;

/// <summary>Kong's basic-auth plugin and its <c>basicauth_credentials</c> entity (kong/plugins/basic-auth/{schema,daos}.lua).</summary>
public static class BasicAuthSchema
{
    public const string Name = "basic-auth";

    /// <summary>The credential entity's name, in declarative files.</summary>
    public const string CredentialsEntity = "basicauth_credentials";

    /// <summary>The Admin API paths: <c>/consumers/{c}/basic-auth</c> and <c>/basic-auths</c>.</summary>
    public const string AdminApiNestedName = "basic-auth";

    public const string AdminApiName = "basic-auths";

    public static PluginDefinition Definition { get; } = new()
    {
        Name = Name,
        Version = "1.0.0",
        Priority = 1100,
        NoConsumer = true,
        Description = "Authenticates consumers by a username and password in an HTTP Basic Authorization header.",
        ConfigSchema = new Schema(
            "config",
            [
                new FieldSchema { Name = "anonymous", Type = FieldType.String, Description = "Consumer id or username used when authentication fails." },
                Typedefs.Bool("hide_credentials", false, "Remove the Authorization header before proxying the request."),
                new FieldSchema { Name = "realm", Type = FieldType.String, Required = true, Default = JsonValue.Create("service"), Description = "Realm in the WWW-Authenticate header." },
            ]),
    };

    public static Schema Credentials { get; } = new(
        CredentialsEntity,
        [
            Typedefs.Id(),
            Typedefs.Timestamp("created_at"),
            Typedefs.Foreign("consumer", "consumers", required: true),
            new FieldSchema { Name = "username", Type = FieldType.String, Required = true, Unique = true, LenMin = 1, Description = "The username; unique." },
            new FieldSchema { Name = "password", Type = FieldType.String, Required = true, LenMin = 1, Secret = true, Description = "The password; stored as a salted PBKDF2 hash." },
            Typedefs.Tags(),
        ])
    {
        EndpointKey = "username",
        Transform = HashPassword,
    };

    /// <summary>
    /// Replaces a clear <c>password</c> by its hash. A value that already is one of our hashes is kept, so an export
    /// (which carries hashes, never passwords) imports back unchanged.
    /// </summary>
    public static void HashPassword(JsonObject credential)
    {
        ArgumentNullException.ThrowIfNull(credential);
        if (credential["password"] is JsonValue value && value.TryGetValue<string>(out var password) && password.Length > 0
            && !BasicAuthPasswords.IsHash(password))
        {
            credential["password"] = BasicAuthPasswords.Hash(password);
        }
    }
}
