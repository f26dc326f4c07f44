using System.Security.Cryptography;
using System.Text;
using HybridGateway.ControlPlane.Hosting;
using HybridGateway.ControlPlane.Snapshots;
using HybridGateway.ControlPlane.Store;
using HybridGateway.Shared.Plugins.Sdk;
using Microsoft.EntityFrameworkCore;

namespace HybridGateway.ControlPlane.Clustering;

/// <summary>Marks endpoints served only on the cluster listener (<c>Cluster:Listen</c>).</summary>
internal sealed class ClusterEndpointMetadata;

/// <summary>
/// The cluster endpoint data planes fetch snapshots from (claim checks, start-up, gaps):
/// <c>GET /v1/snapshots/latest</c> and <c>GET /v1/snapshots/{version}</c>, bearer <c>Cluster:Token</c>.
/// The body is the stored gzip bytes; <c>X-Config-Version</c>, <c>X-Config-Hash</c> and <c>X-Config-Signature</c>
/// say what they are. A data plane names the plugins it carries in <c>X-Gateway-Plugins</c>; a version using a plugin
/// it lacks (or carries in an incompatible major version) is not handed out: 409 <c>plugin_incompatible</c>, naming
/// each missing plugin, so nodes are never sent a config they cannot run.
/// </summary>
internal static class ClusterApi
{
    public const string VersionHeader = "X-Config-Version";
    public const string HashHeader = "X-Config-Hash";
    public const string SignatureHeader = "X-Config-Signature";

    public static IEndpointRouteBuilder MapClusterApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/snapshots")
            .WithTags("Cluster")
            .WithMetadata(new ClusterEndpointMetadata())
            .AddEndpointFilter(RequireClusterTokenAsync);
        group.MapGet("/latest", LatestAsync).WithName("GetLatestSnapshot");
        group.MapGet("/{version:long}", ByVersionAsync).WithName("GetSnapshot");
        return app;
    }

    /// <summary>Constant-time comparison of a presented bearer token with the configured one.</summary>
    public static bool TokenMatches(string? presented, string expected)
    {
        ArgumentNullException.ThrowIfNull(expected);
        if (presented is null)
        {
            return false;
        }

        // Hashing first makes both sides the same length, so the comparison time says nothing about the token.
        return CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(presented)),
            SHA256.HashData(Encoding.UTF8.GetBytes(expected)));
    }

    public static string? BearerToken(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var header = request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : null;
    }

    private static async ValueTask<object?> RequireClusterTokenAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var settings = context.HttpContext.RequestServices.GetRequiredService<ControlPlaneSettings>();
        if (!TokenMatches(BearerToken(context.HttpContext.Request), settings.ClusterToken))
        {
            context.HttpContext.Response.Headers.WWWAuthenticate = "Bearer";
            return TypedResults.Json(new { message = "Unauthorized" }, statusCode: StatusCodes.Status401Unauthorized);
        }

        return await next(context);
    }

    private static async Task<IResult> LatestAsync(HttpContext context, GatewayDbFactory dbs, CancellationToken cancellationToken)
    {
        await using var db = dbs.Create();
        var row = await db.ConfigVersions.AsNoTracking().OrderByDescending(v => v.Version).FirstOrDefaultAsync(cancellationToken);
        return row is null
            ? TypedResults.Json(new { message = "no configuration version yet" }, statusCode: StatusCodes.Status404NotFound)
            : Snapshot(context, row);
    }

    private static async Task<IResult> ByVersionAsync(long version, HttpContext context, GatewayDbFactory dbs, CancellationToken cancellationToken)
    {
        await using var db = dbs.Create();
        var row = await db.ConfigVersions.AsNoTracking().SingleOrDefaultAsync(v => v.Version == version, cancellationToken);
        return row is null
            ? TypedResults.Json(new { message = "Not found" }, statusCode: StatusCodes.Status404NotFound)
            : Snapshot(context, row);
    }

    private static IResult Snapshot(HttpContext context, ConfigVersionRow row)
    {
        context.Response.Headers[VersionHeader] = row.Version.ToString(System.Globalization.CultureInfo.InvariantCulture);
        context.Response.Headers[HashHeader] = row.Hash;
        if (context.Request.Headers.TryGetValue(PluginRequirements.HeaderName, out var header))
        {
            if (!PluginRequirements.TryParseHeader(header.ToString(), out var carried, out var error))
            {
                return TypedResults.Json(new { message = $"invalid {PluginRequirements.HeaderName} header: {error}" }, statusCode: StatusCodes.Status400BadRequest);
            }

            var unmet = PluginRequirements.Unmet(carried, SnapshotRequirements.Of(row));
            if (unmet.Count > 0)
            {
                return TypedResults.Json(
                    new { message = PluginRequirements.Refusal(row.Version, unmet), status = DataPlaneState.PluginIncompatible, unmet },
                    statusCode: StatusCodes.Status409Conflict);
            }
        }

        if (row.Signature is not null)
        {
            context.Response.Headers[SignatureHeader] = row.Signature;
        }
        return TypedResults.Bytes(row.Snapshot, "application/octet-stream");
    }
}
