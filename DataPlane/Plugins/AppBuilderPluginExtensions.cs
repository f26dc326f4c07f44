namespace HybridGateway.DataPlane.Plugins;

/// <summary>Registration of the plugin pipeline.</summary>
internal static class AppBuilderPluginExtensions
{
    /// <summary>Adds the plugin pipeline to YARP's proxy pipeline.</summary>
    public static IApplicationBuilder UsePluginPipeline(this IApplicationBuilder app) => app.UseMiddleware<PluginPipelineMiddleware>();
}
