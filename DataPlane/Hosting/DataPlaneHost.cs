using HybridGateway.DataPlane.Forwarding;
using HybridGateway.DataPlane.Plugins;
using HybridGateway.DataPlane.Routing;
using HybridGateway.DataPlane.Status;

namespace HybridGateway.DataPlane.Hosting;

/// <summary>Builds the data-plane web application: settings, services, the two listeners and the pipeline.</summary>
internal static class DataPlaneHost
{
    /// <summary>Builds the app; throws <see cref="InvalidSettingsException"/> when a setting is invalid.</summary>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            // appsettings.json ships beside the binaries; relative paths in settings stay relative to the working directory.
            ContentRootPath = AppContext.BaseDirectory,
        });
        configure?.Invoke(builder);

        var settings = DataPlaneSettings.Read(builder.Configuration);
        builder.Services.AddDataPlane(settings);
        builder.WebHost.ConfigureKestrel((context, kestrel) =>
            kestrel.ApplicationServices.GetRequiredService<Listeners>().Configure(
                kestrel, settings, kestrel.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(TlsServerCertificate).FullName!)));

        var app = builder.Build();
        app.UseDataPlane();
        return app;
    }

    /// <summary>
    /// Status port requests are answered by the status endpoints; proxy port requests go through the Kong router,
    /// which sets YARP's endpoint, then YARP's pipeline (plugins, then the forwarder).
    /// </summary>
    private static void UseDataPlane(this WebApplication app)
    {
        var listeners = app.Services.GetRequiredService<Listeners>();
        var status = app.Services.GetRequiredService<StatusEndpoints>();
        app.Use((context, next) => listeners.IsStatus(context) ? status.HandleAsync(context) : next(context));
        app.UseKongRouting();
        app.UseRouting();
        app.MapReverseProxy(proxy =>
        {
            proxy.UseMiddleware<UpstreamErrorMiddleware>();
            proxy.UsePluginPipeline();
            proxy.UseLoadBalancing();
        });
    }
}
