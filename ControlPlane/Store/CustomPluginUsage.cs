using System.Text.Json;
using System.Text.Json.Nodes;
using HybridGateway.Shared.Configuration;
using HybridGateway.Shared.Plugins.Custom;
using HybridGateway.Shared.Validation;
using Microsoft.EntityFrameworkCore;

namespace HybridGateway.ControlPlane.Store;

/// <summary>
/// Guards the plugin instances of a custom plugin: its manifest may change only if every instance still validates
/// against the new schema (and keeps its name), and it may be deleted only once no instance uses it. The refusal
/// (409) lists each instance that would break, with the errors the new schema finds in it.
/// </summary>
internal static class CustomPluginUsage
{
    /// <summary>
    /// Null when the change from <paramref name="previous"/> (a stored manifest) to <paramref name="next"/> (null for a
    /// delete) leaves every instance valid; otherwise the error to answer with.
    /// </summary>
    public static async Task<DaoError?> CheckAsync(GatewayDbContext db, JsonObject previous, JsonObject? next, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(previous);
        var name = (string?)previous["name"] ?? string.Empty;
        var instances = await db.Plugins.AsNoTracking().Where(p => p.Name == name).OrderBy(p => p.Id).Select(p => new { p.Id, p.Document }).ToListAsync(cancellationToken);
        if (instances.Count == 0)
        {
            return null;
        }

        var broken = new JsonObject();
        var schema = next is not null && (string?)next["name"] == name
            ? new CustomPluginConfigSchema(JsonSerializer.Deserialize<CustomPluginManifest>(next, GatewayJson.Options)!)
            : null;
        foreach (var instance in instances)
        {
            if (schema is null)
            {
                broken[instance.Id] = next is null ? "uses this plugin" : $"uses the plugin by its name '{name}'";
                continue;
            }

            var config = JsonNode.Parse(instance.Document)?["config"] as JsonObject ?? [];
            var result = schema.Process(config);
            if (!result.IsValid)
            {
                var errors = new FieldErrors();
                errors.AddNested("config", result.Errors);
                broken[instance.Id] = errors.ToKongFields();
            }
        }

        if (broken.Count == 0)
        {
            return null;
        }

        var what = next is null ? "deleted" : "changed this way";
        return DaoError.CustomPluginInUse($"custom plugin '{name}' cannot be {what}: {broken.Count} plugin instance(s) would break", broken);
    }
}
