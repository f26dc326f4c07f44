using HybridGateway.DataPlane.Forwarding;
using HybridGateway.DataPlane.Heartbeat;
using HybridGateway.DataPlane.Plugins;
using HybridGateway.DataPlane.Runtime;
using HybridGateway.DataPlane.Snapshots;
using HybridGateway.DataPlane.Status;
using MassTransit;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Forwarder;

namespace HybridGateway.DataPlane.Hosting;

/// <summary>Every service of a data-plane node, registered in one place.</summary>
internal static class DataPlaneServiceCollectionExtensions
{
    public static IServiceCollection AddDataPlane(this IServiceCollection services, DataPlaneSettings settings)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(settings);

        services.AddSingleton(settings);
        services.AddSingleton(NodeIdentity.Create(settings));
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<Listeners>();
        services.AddSingleton<RuntimeHolder>();
        services.AddSingleton<DataPlaneStatus>();
        services.AddSingleton<StatusEndpoints>();

        // Plugins and the runtime they are compiled into.
        services.AddGatewayPlugins();
        services.AddSingleton<RuntimeBuilder>();

        // YARP: our provider feeds it, our transforms and client factory shape the upstream requests.
        services.AddSingleton<KongProxyConfigProvider>();
        services.AddSingleton<IProxyConfigProvider>(sp => sp.GetRequiredService<KongProxyConfigProvider>());
        services.AddSingleton<ProxyApplyTracker>();
        services.AddSingleton<IConfigChangeListener>(sp => sp.GetRequiredService<ProxyApplyTracker>());
        services.AddSingleton<IRuntimeActivator, ProxyRuntimeActivator>();
        services.AddReverseProxy().AddTransforms<KongTransformProvider>();

        // YARP asks for data protection (session affinity cookies, unused here): keep its keys in memory rather
        // than writing a key ring into the user's home directory.
        services.AddSingleton<Microsoft.AspNetCore.DataProtection.IDataProtectionProvider>(new Microsoft.AspNetCore.DataProtection.EphemeralDataProtectionProvider());
        services.Replace(ServiceDescriptor.Singleton<IForwarderHttpClientFactory, KongForwarderHttpClientFactory>());

        // Snapshots: disk cache, control-plane fetches, the synchronizer and its start-up/poll service.
        services.AddSingleton<SnapshotCache>();
        services.AddSingleton<SnapshotTrust>();
        services.AddHttpClient(ControlPlaneClient.HttpClientName, client => client.Timeout = TimeSpan.FromSeconds(30));
        services.AddSingleton<IControlPlaneClient, ControlPlaneClient>();
        services.AddSingleton<SnapshotSynchronizer>();
        services.AddHostedService<SnapshotSyncService>();

        // Heartbeat: one instance serves as the hosted service and as the trigger used after applies.
        services.AddSingleton<HeartbeatService>();
        services.AddSingleton<IHeartbeatTrigger>(sp => sp.GetRequiredService<HeartbeatService>());
        services.AddHostedService(sp => sp.GetRequiredService<HeartbeatService>());

        services.AddDataPlaneMessaging(settings);
        return services;
    }

    private static IServiceCollection AddDataPlaneMessaging(this IServiceCollection services, DataPlaneSettings settings)
    {
        services.AddMassTransit(bus =>
        {
            bus.AddConsumer<ConfigVersionPublishedConsumer, ConfigVersionPublishedConsumerDefinition>();
            bus.UsingRabbitMq((context, cfg) =>
            {
                var url = settings.RabbitMqUrl;
                var (user, password) = Credentials(url);
                var tls = url.Scheme.EndsWith('s');
                var port = url.Port > 0 ? url.Port : tls ? 5671 : 5672;
                cfg.Host(url.Host, (ushort)port, VirtualHost(url), host =>
                {
                    host.Username(user);
                    host.Password(password);
                    if (tls)
                    {
                        host.UseSsl(ssl => ssl.ServerName = url.Host);
                    }
                });

                // Every node needs every version: its own temporary queue (non-durable, removed by the broker 60 s
                // after the node is gone, so a short connection blip loses nothing), one message at a time.
                cfg.ReceiveEndpoint(new TemporaryEndpointDefinition("dataplane"), endpoint =>
                {
                    endpoint.ConcurrentMessageLimit = 1;
                    endpoint.PrefetchCount = 16;
                    endpoint.ConfigureConsumer<ConfigVersionPublishedConsumer>(context);
                    endpoint.ConnectReceiveEndpointObserver(new SnapshotEndpointObserver(context.GetRequiredService<SnapshotSynchronizer>()));
                });
            });
        });

        // The node serves from its cache whether or not the broker is up: never wait for the bus at start-up.
        services.Configure<MassTransitHostOptions>(options =>
        {
            options.WaitUntilStarted = false;
            options.StartTimeout = TimeSpan.FromSeconds(10);
            options.StopTimeout = TimeSpan.FromSeconds(10);
        });
        return services;
    }

    private static (string User, string Password) Credentials(Uri url)
    {
        if (string.IsNullOrEmpty(url.UserInfo))
        {
            return ("guest", "guest");
        }

        var parts = url.UserInfo.Split(':', 2);
        return (Uri.UnescapeDataString(parts[0]), parts.Length > 1 ? Uri.UnescapeDataString(parts[1]) : string.Empty);
    }

    private static string VirtualHost(Uri url)
    {
        var path = url.AbsolutePath.Trim('/');
        return path.Length == 0 ? "/" : Uri.UnescapeDataString(path);
    }
}
