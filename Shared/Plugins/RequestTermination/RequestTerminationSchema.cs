using System.Text.Json.Nodes;
using HybridGateway.Shared.Validation;

namespace HybridGateway.Shared.Plugins.RequestTermination;

/// <summary>Kong's request-termination plugin: schema, messages and priority (kong/plugins/request-termination/schema.lua).</summary>
public static class RequestTerminationSchema
{
    public const string Name = "request-termination";

    public static PluginDefinition Definition { get; } = new()
    {
        Name = Name,
        Version = "1.0.0",
        Priority = 2,
        Description = "Answers requests at the gateway with a fixed status and message or body, e.g. to close a route or serve a JWKS.",
        ConfigSchema = new Schema(
            "config",
            [
                new FieldSchema
                {
                    Name = "status_code",
                    Type = FieldType.Integer,
                    Required = true,
                    Default = JsonValue.Create(503),
                    Between = (100, 599),
                    Description = "The response code to send.",
                },
                new FieldSchema { Name = "message", Type = FieldType.String, Description = "The message to send, as {\"message\": …}." },
                new FieldSchema { Name = "content_type", Type = FieldType.String, Description = "Content type of the raw body given in `body`." },
                new FieldSchema { Name = "body", Type = FieldType.String, Description = "The raw response body to send; exclusive with `message`." },
                new FieldSchema
                {
                    Name = "echo",
                    Type = FieldType.Boolean,
                    Required = true,
                    Default = JsonValue.Create(false),
                    Description = "Echo a copy of the request back to the client (for debugging).",
                },
                Typedefs.HeaderName("trigger") with
                {
                    Description = "A header or query parameter name: when set, the plugin only terminates requests carrying it.",
                },
            ],
            [CheckExclusiveFields]),
    };

    private static void CheckExclusiveFields(JsonObject config, FieldErrors errors)
    {
        var message = config["message"] is not null;
        var body = config["body"] is not null;
        var contentType = config["content_type"] is not null;
        var echo = config["echo"]?.GetValueKind() == System.Text.Json.JsonValueKind.True;
        if (message && (body || contentType))
        {
            errors.AddEntity("message cannot be used with content_type or body");
        }

        if (contentType && !body)
        {
            errors.AddEntity("content_type requires a body");
        }

        if (echo && (body || contentType))
        {
            errors.AddEntity("echo cannot be used with content_type and body");
        }
    }
}
