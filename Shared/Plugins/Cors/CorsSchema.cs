using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using HybridGateway.Shared.Validation;

namespace HybridGateway.Shared.Plugins.Cors;

/// <summary>Kong's cors plugin: schema and priority (kong/plugins/cors/schema.lua).</summary>
public static class CorsSchema
{
    public const string Name = "cors";

    /// <summary>The methods Kong allows, and its default <c>Access-Control-Allow-Methods</c>, in Kong's order.</summary>
    public static readonly IReadOnlyList<string> Methods = ["GET", "HEAD", "PUT", "PATCH", "POST", "DELETE", "OPTIONS", "TRACE", "CONNECT"];

    public static PluginDefinition Definition { get; } = new()
    {
        Name = Name,
        Version = "1.0.0",
        Priority = 2000,
        Description = "Adds CORS headers and answers browser preflight requests, so web pages (and jwt.io) may call the route.",
        ConfigSchema = new Schema(
            "config",
            [
                new FieldSchema
                {
                    Name = "origins",
                    Type = FieldType.Array,
                    Elements = new FieldSchema { Name = "origin", Type = FieldType.String, Custom = AsteriskOrRegex },
                    Description = "Allowed origins: `*`, exact origins, or regular expressions. Empty allows every origin.",
                },
                StringArray("headers", "Value of Access-Control-Allow-Headers; defaults to the preflight's Access-Control-Request-Headers."),
                StringArray("exposed_headers", "Value of Access-Control-Expose-Headers."),
                new FieldSchema
                {
                    Name = "methods",
                    Type = FieldType.Array,
                    Default = new JsonArray([.. Methods.Select(m => JsonValue.Create(m))]),
                    Elements = new FieldSchema { Name = "method", Type = FieldType.String, OneOf = Methods },
                    Description = "Value of Access-Control-Allow-Methods.",
                },
                new FieldSchema { Name = "max_age", Type = FieldType.Number, Description = "Seconds a preflight may be cached (Access-Control-Max-Age)." },
                Typedefs.Bool("credentials", false, "Send Access-Control-Allow-Credentials: true."),
                Typedefs.Bool("private_network", false, "Answer Access-Control-Request-Private-Network preflights."),
                Typedefs.Bool("preflight_continue", false, "Proxy preflight requests to the upstream instead of answering them."),
                Typedefs.Bool("allow_origin_absent", true, "Add CORS headers to responses of requests that carry no Origin."),
            ]),
    };

    private static FieldSchema StringArray(string name, string description) => new()
    {
        Name = name,
        Type = FieldType.Array,
        Elements = new FieldSchema { Name = name, Type = FieldType.String },
        Description = description,
    };

    // Kong accepts "*" or anything its regex engine compiles; ours is .NET's, with the router's time limit.
    private static string? AsteriskOrRegex(JsonNode value)
    {
        var text = value.GetValue<string>();
        if (text == "*")
        {
            return null;
        }

        try
        {
            _ = new Regex(text, RegexOptions.CultureInvariant, EntitySchemas.RegexTimeout);
            return null;
        }
        catch (ArgumentException)
        {
            return $"'{text}' is not a valid regex";
        }
    }
}
