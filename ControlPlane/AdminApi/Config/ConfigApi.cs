using System.Text;
using System.Text.Json.Nodes;
using HybridGateway.ControlPlane.AdminApi.Infrastructure;
using HybridGateway.ControlPlane.Snapshots;
using HybridGateway.ControlPlane.Store;
using HybridGateway.Shared.Declarative;
using Microsoft.Net.Http.Headers;

namespace HybridGateway.ControlPlane.AdminApi.Config;

/// <summary>
/// Kong's declarative endpoints: <c>POST /config</c> replaces the whole configuration with a <c>kong.yml</c>
/// (validated whole, one transaction, one new version, or 400 with every error and nothing changed);
/// <c>GET /config</c> exports the current one as format 3.0.
/// </summary>
internal static class ConfigApi
{
    /// <summary>Kong's DAO error code for an invalid declarative configuration.</summary>
    public const int InvalidDeclarativeCode = 14;

    private static readonly string[] YamlMediaTypes = ["application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml", "text/plain"];

    public static IEndpointRouteBuilder MapConfigApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/config").WithTags("Declarative config");
        group.MapPost("", LoadAsync)
            .WithName("LoadDeclarativeConfig").WithSummary("Replace the whole configuration with a declarative file");
        group.MapGet("", ExportAsync)
            .WithName("ExportDeclarativeConfig").WithSummary("Export the configuration as a declarative file (format 3.0)");
        return app;
    }

    private static async Task<IResult> LoadAsync([AsParameters] AdminServices s, TimeProvider time)
    {
        var (text, error) = await ReadConfigTextAsync(s);
        if (error is not null)
        {
            return error;
        }

        var result = DeclarativeConfig.Parse(text!, time.GetUtcNow().ToUnixTimeSeconds(), s.Kinds.Catalog);
        if (!result.IsValid)
        {
            return Invalid(result.Errors);
        }

        var stored = await s.Store.ReplaceAllAsync(result.Config!, s.CancellationToken);
        return stored.Error is not null
            ? AdminResults.Error(stored.Error)
            : AdminResults.Entity(new JsonObject { ["_format_version"] = result.FormatVersion, ["entities"] = stored.Entity }, StatusCodes.Status201Created);
    }

    private static async Task<IResult> ExportAsync(ConfigReader reader, EntityKinds kinds, HttpContext context, CancellationToken cancellationToken)
    {
        var (_, config) = await reader.ReadAsync(cancellationToken);
        var wantsYaml = context.Request.Query["format"] == "yaml"
            || context.Request.GetTypedHeaders().Accept.Any(a => YamlMediaTypes.Take(4).Contains(a.MediaType.Value, StringComparer.OrdinalIgnoreCase));
        return wantsYaml
            ? TypedResults.Text(DeclarativeExport.ToYaml(config, kinds.Catalog), "application/yaml; charset=utf-8")
            // Kong's GET /config answers {"config": "<the file as text>"}.
            : AdminResults.Entity(new JsonObject { ["config"] = DeclarativeExport.ToYaml(config, kinds.Catalog) });
    }

    /// <summary>The file: a <c>config</c> form or multipart field, a JSON body (itself, or its <c>config</c>), or a raw YAML body.</summary>
    private static async Task<(string? Text, IResult? Error)> ReadConfigTextAsync(AdminServices s)
    {
        var request = s.Context.Request;
        var media = MediaTypeHeaderValue.TryParse(request.ContentType, out var parsed) ? parsed.MediaType.Value ?? string.Empty : string.Empty;
        if (YamlMediaTypes.Contains(media, StringComparer.OrdinalIgnoreCase))
        {
            var bytes = await BodyReader.ReadLimitedAsync(request.Body, DeclarativeConfig.MaxLength, s.CancellationToken);
            return bytes is null
                ? (null, AdminResults.Message(StatusCodes.Status413PayloadTooLarge, $"request body is larger than {DeclarativeConfig.MaxLength} bytes"))
                : (Encoding.UTF8.GetString(bytes), null);
        }

        var body = await BodyReader.ReadAsync(request, form => form, DeclarativeConfig.MaxLength, s.CancellationToken);
        if (body.Error is not null)
        {
            return (null, body.Error);
        }

        var isJson = media.Equals("application/json", StringComparison.OrdinalIgnoreCase);
        return body.Body!["config"] switch
        {
            JsonValue value when value.TryGetValue<string>(out var text) => (text, null),
            JsonObject document when isJson => (document.ToJsonString(), null),
            null when isJson && body.Body.ContainsKey("_format_version") => (body.Body.ToJsonString(), null),
            _ => (null, AdminResults.Message(StatusCodes.Status400BadRequest, "expected a declarative configuration: a 'config' field, a JSON body or a YAML body")),
        };
    }

    private static IResult Invalid(IReadOnlyList<DeclarativeError> errors)
    {
        var fields = new JsonObject();
        foreach (var error in errors)
        {
            var key = error.Path.Length == 0 ? "@entity" : error.Path;
            if (fields[key] is null)
            {
                fields[key] = error.Line is { } line ? $"{error.Message} (line {line})" : error.Message;
            }
        }

        var flattened = new JsonArray([.. errors.Select(e => (JsonNode)new JsonObject { ["path"] = e.Path, ["line"] = e.Line, ["message"] = e.Message })]);
        var message = errors.Count == 1
            ? $"declarative config is invalid: {errors[0]}"
            : $"declarative config is invalid: {errors.Count} errors ({string.Join("; ", errors.Take(10))}{(errors.Count > 10 ? "; …" : string.Empty)})";
        return AdminResults.Entity(
            new JsonObject
            {
                ["code"] = InvalidDeclarativeCode,
                ["name"] = "invalid declarative configuration",
                ["message"] = message,
                ["fields"] = fields,
                ["flattened_errors"] = flattened,
            },
            StatusCodes.Status400BadRequest);
    }
}
