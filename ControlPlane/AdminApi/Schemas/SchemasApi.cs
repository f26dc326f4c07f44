using System.Text.Json.Nodes;
using HybridGateway.ControlPlane.AdminApi.Infrastructure;
using HybridGateway.ControlPlane.Hosting;
using HybridGateway.ControlPlane.Store;
using HybridGateway.Shared.Validation;

namespace HybridGateway.ControlPlane.AdminApi.Schemas;

/// <summary>
/// Admin API: <c>GET /schemas/{entity}</c>, <c>GET /schemas/plugins/{name}</c> and
/// <c>POST /schemas/{entity}/validate</c>, rendering Shared's schemas in Kong's shape (what forms are built from).
/// </summary>
internal static class SchemasApi
{
    public static IEndpointRouteBuilder MapSchemasApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/schemas").WithTags("Schemas");
        group.MapGet("/plugins/{name}", (string name, EntityKinds kinds) =>
            kinds.Catalog.TryGet(name, out var plugin)
                ? AdminResults.Entity(new JsonObject
                {
                    ["fields"] = new JsonArray(
                        Field(new FieldSchema { Name = "protocols", Type = FieldType.Set, Default = new JsonArray([.. plugin.Protocols.Select(p => (JsonNode?)JsonValue.Create(p))]) }),
                        Field(new FieldSchema { Name = "config", Type = FieldType.Record, Required = true, Record = plugin.ConfigSchema })),
                })
                : AdminResults.Message(StatusCodes.Status404NotFound, $"No plugin named '{name}'"))
            .WithName("GetPluginSchema").WithSummary("The config schema of a plugin");
        group.MapGet("/{entity}", (string entity, EntityKinds kinds) =>
            Find(kinds, entity) is { } kind ? AdminResults.Entity(Render(kind.Schema)) : AdminResults.Message(StatusCodes.Status404NotFound, $"No entity named '{entity}'"))
            .WithName("GetEntitySchema").WithSummary("The schema of an entity");
        group.MapPost("/{entity}/validate", ValidateAsync)
            .WithName("ValidateEntity").WithSummary("Validate an entity without storing it");
        return app;
    }

    /// <summary>Kong's schema rendering: <c>{"fields":[{"name":{"type":…}}…]}</c>.</summary>
    public static JsonObject Render(Schema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        return new JsonObject { ["fields"] = new JsonArray([.. schema.Fields.Select(f => (JsonNode?)Field(f))]) };
    }

    private static async Task<IResult> ValidateAsync(string entity, HttpContext context, EntityKinds kinds, ControlPlaneSettings settings, CancellationToken cancellationToken)
    {
        if (Find(kinds, entity) is not { } kind)
        {
            return AdminResults.Message(StatusCodes.Status404NotFound, $"No entity named '{entity}'");
        }

        var body = await BodyReader.ReadAsync(context.Request, kind.CoerceForm, settings.AdminMaxBodyBytes, cancellationToken);
        if (body.Error is not null)
        {
            return body.Error;
        }

        var result = SchemaProcessor.Process(kind.Schema, body.Body!);
        return result.IsValid
            ? AdminResults.Message(StatusCodes.Status200OK, "schema validation successful")
            : AdminResults.Error(DaoError.SchemaViolation(result.Errors));
    }

    private static EntityKind? Find(EntityKinds kinds, string name) => kinds.All.FirstOrDefault(k => k.Name == name);

    private static JsonObject Field(FieldSchema field) => new() { [field.Name] = Describe(field) };

    private static JsonObject Describe(FieldSchema field)
    {
        var description = new JsonObject { ["type"] = field.Type.ToString().ToLowerInvariant() };
        if (field.Required)
        {
            description["required"] = true;
        }

        if (field.Auto)
        {
            description["auto"] = true;
        }

        if (field.Unique)
        {
            description["unique"] = true;
        }

        if (field.Default is not null)
        {
            description["default"] = field.Default.DeepClone();
        }

        if (field.OneOf is { } oneOf)
        {
            description["one_of"] = new JsonArray([.. oneOf.Select(v => (JsonNode?)JsonValue.Create(v))]);
        }

        if (field.Between is { } between)
        {
            description["between"] = new JsonArray(between.Min, between.Max);
        }

        if (field.LenMin is { } lenMin)
        {
            description["len_min"] = lenMin;
        }

        if (field.LenMax is { } lenMax)
        {
            description["len_max"] = lenMax;
        }

        if (field.StartsWith is { } startsWith)
        {
            description["starts_with"] = startsWith;
        }

        if (field.Match is { } match)
        {
            description["match"] = match.ToString();
        }

        if (field.Reference is { } reference)
        {
            description["reference"] = reference;
        }

        if (field.MustBeNull)
        {
            description["eq"] = null;
        }

        if (field.Secret)
        {
            description["encrypted"] = true;
        }

        if (field.Description is { } text)
        {
            description["description"] = text;
        }

        if (field.Elements is { } elements)
        {
            description["elements"] = Describe(elements);
        }

        if (field.Keys is { } keys)
        {
            description["keys"] = Describe(keys);
        }

        if (field.Values is { } values)
        {
            description["values"] = Describe(values);
        }

        if (field.Record is { } record)
        {
            description["fields"] = Render(record)["fields"]!.DeepClone();
        }

        return description;
    }
}
