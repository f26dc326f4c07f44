using HybridGateway.ControlPlane.AdminApi.Infrastructure;
using HybridGateway.ControlPlane.Store;

namespace HybridGateway.ControlPlane.AdminApi.Consumers;

/// <summary>Admin API: <c>/consumers</c> (with Kong's <c>?custom_id=</c> filter) and <c>/consumers/{id|username}</c>.</summary>
internal static class ConsumersApi
{
    public static IEndpointRouteBuilder MapConsumersApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/consumers").WithTags("Consumers");
        group.MapGet("", ([AsParameters] AdminServices s) => EntityEndpoints.ListAsync(s, s.Kinds.Consumers, null, "custom_id", nameof(ConsumerRow.CustomId)))
            .WithName("ListConsumers");
        group.MapPost("", ([AsParameters] AdminServices s) => EntityEndpoints.CreateAsync(s, s.Kinds.Consumers))
            .WithName("CreateConsumer");
        group.MapGet("/{consumer}", (string consumer, [AsParameters] AdminServices s) => EntityEndpoints.GetAsync(s, s.Kinds.Consumers, consumer))
            .WithName("GetConsumer");
        group.MapPut("/{consumer}", (string consumer, [AsParameters] AdminServices s) => EntityEndpoints.UpsertAsync(s, s.Kinds.Consumers, consumer))
            .WithName("UpsertConsumer");
        group.MapPatch("/{consumer}", (string consumer, [AsParameters] AdminServices s) => EntityEndpoints.UpdateAsync(s, s.Kinds.Consumers, consumer))
            .WithName("UpdateConsumer");
        group.MapDelete("/{consumer}", (string consumer, [AsParameters] AdminServices s) => EntityEndpoints.DeleteAsync(s, s.Kinds.Consumers, consumer))
            .WithName("DeleteConsumer");
        return app;
    }
}
