using System.Text.Json.Nodes;
using HybridGateway.ControlPlane.Store;
using HybridGateway.Shared.Configuration;

namespace HybridGateway.ControlPlane.AdminApi.Infrastructure;

/// <summary>Kong's Admin API responses: entity JSON with explicit nulls, and its error bodies and status codes.</summary>
internal static class AdminResults
{
    public const string NotFoundMessage = "Not found";
    public const string MethodNotAllowedMessage = "Method not allowed";
    public const string UnexpectedErrorMessage = "An unexpected error occurred";

    public static IResult Entity(JsonNode entity, int status = StatusCodes.Status200OK) =>
        TypedResults.Json(entity, GatewayJson.Options, "application/json; charset=utf-8", status);

    public static IResult Error(DaoError error) =>
        TypedResults.Json(error.ToJson(), GatewayJson.Options, "application/json; charset=utf-8", error.HttpStatus);

    public static IResult Message(int status, string message) =>
        TypedResults.Json(new JsonObject { ["message"] = message }, GatewayJson.Options, "application/json; charset=utf-8", status);

    public static IResult NotFound() => Message(StatusCodes.Status404NotFound, NotFoundMessage);

    public static IResult NoContent() => TypedResults.NoContent();

    /// <summary>Renders a store outcome: the entity with <paramref name="successStatus"/>, the error, or 404.</summary>
    public static IResult From(StoreResult result, int successStatus)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result.Error is not null)
        {
            return Error(result.Error);
        }

        return result.Entity is null ? NotFound() : Entity(result.Entity, successStatus);
    }
}
