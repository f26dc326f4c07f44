namespace HybridGateway.DataPlane.Routing;

/// <summary>Registration of the Kong router.</summary>
internal static class AppBuilderKongRoutingExtensions
{
    /// <summary>Adds the Kong router; it must run before <c>UseRouting()</c> so that it picks the endpoint.</summary>
    public static IApplicationBuilder UseKongRouting(this IApplicationBuilder app) => app.UseMiddleware<KongRoutingMiddleware>();
}
