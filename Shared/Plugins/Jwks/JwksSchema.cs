using HybridGateway.Shared.Validation;

namespace HybridGateway.Shared.Plugins.Jwks;

/// <summary>
/// Serves a key set's public JWKS on the route it is attached to, so verifiers (and jwt.io, with cors) can fetch the
/// keys the signing plugins use at a path an administrator chooses; it follows rotations, unlike a fixed body.
/// </summary>
public static class JwksSchema
{
    public const string Name = "jwks";

    public static PluginDefinition Definition { get; } = new()
    {
        Name = Name,
        Version = "1.0.0",

        // Just above request-termination: after cors and authentication, so both can guard the route.
        Priority = 3,
        NoConsumer = true,
        Description = "Answers with a key set's public JWKS (the keys upstream-jwt and x-custom-jwt sign with).",
        ConfigSchema = new Schema(
            "config",
            [
                new FieldSchema { Name = "key_set", Type = FieldType.String, Required = true, LenMin = 1, Description = "The key set (id or name) whose public keys are served." },
                new FieldSchema { Name = "max_age", Type = FieldType.Integer, Required = true, Default = System.Text.Json.Nodes.JsonValue.Create(300), Between = (0, 86_400), Description = "Seconds verifiers may cache the answer (Cache-Control max-age)." },
            ]),
    };
}
