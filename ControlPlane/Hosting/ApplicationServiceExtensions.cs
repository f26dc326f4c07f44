using HybridGateway.ControlPlane.AdminApi.CaCertificates;
using HybridGateway.ControlPlane.AdminApi.Config;
using HybridGateway.ControlPlane.AdminApi.Credentials;
using HybridGateway.ControlPlane.AdminApi.CustomPlugins;
using HybridGateway.ControlPlane.AdminApi.Consumers;
using HybridGateway.ControlPlane.AdminApi.Infrastructure;
using HybridGateway.ControlPlane.AdminApi.Keys;
using HybridGateway.ControlPlane.AdminApi.Node;
using HybridGateway.ControlPlane.AdminApi.Plugins;
using HybridGateway.ControlPlane.AdminApi.Routes;
using HybridGateway.ControlPlane.AdminApi.Schemas;
using HybridGateway.ControlPlane.AdminApi.Services;
using HybridGateway.ControlPlane.Clustering;
using HybridGateway.ControlPlane.Publishing;
using HybridGateway.ControlPlane.Snapshots;
using HybridGateway.ControlPlane.Store;
using HybridGateway.Shared.Plugins;
using HybridGateway.Shared.Secrets;
using HybridGateway.Shared.Plugins.Jwt;
using HybridGateway.Shared.Plugins.BasicAuth;
using MassTransit;
using Microsoft.AspNetCore.Diagnostics;

namespace HybridGateway.ControlPlane.Hosting;

/// <summary>Everything <c>Program.cs</c> wires: services, the middleware pipeline and the endpoints.</summary>
internal static partial class ApplicationServiceExtensions
{
    public static WebApplicationBuilder AddApplicationServices(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        AddBinaryDirectorySettings(builder);

        // Checked now so a bad setting stops start-up with its name, before anything listens.
        var settings = ControlPlaneSettings.Load(builder.Configuration);
        var urls = new[] { settings.AdminListen, settings.ClusterListen }
            .Select(u => u.GetLeftPart(UriPartial.Authority).Replace("://0.0.0.0:", "://*:", StringComparison.Ordinal))
            .Distinct(StringComparer.OrdinalIgnoreCase);
        builder.WebHost.UseUrls([.. urls]);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Limits.MaxRequestBodySize = settings.AdminMaxBodyBytes;
            k.AddServerHeader = false;
        });

        var services = builder.Services;
        services.AddSingleton(settings);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(new StoredPluginCatalog(BundledPlugins.Catalog));
        services.AddSingleton<IPluginCatalog>(provider => provider.GetRequiredService<StoredPluginCatalog>());
        services.AddSingleton<EntityKinds>();
        services.AddSingleton(new SecretProtector(settings.SecretsKey));
        services.AddSingleton<SnapshotSealing>();
        services.AddSingleton<GatewayDbFactory>();
        services.AddSingleton<NodeIdentity>();
        services.AddSingleton<RequestCounters>();
        services.AddSingleton<SnapshotSignal>();
        services.AddSingleton<PublishSignal>();
        services.AddSingleton<EntityStore>();
        services.AddSingleton<ConfigReader>();

        // Hosted services start in this order: the schema exists before anything reads or consumes.
        services.AddHostedService<DatabaseInitializer>();
        services.AddSingleton<Snapshotter>();
        services.AddHostedService(sp => sp.GetRequiredService<Snapshotter>());
        services.AddSingleton(sp => ActivatorUtilities.CreateInstance<SnapshotPublisher>(sp, (IPublishEndpoint)sp.GetRequiredService<IBus>()));
        services.AddHostedService(sp => sp.GetRequiredService<SnapshotPublisher>());

        services.AddMassTransit(x =>
        {
            x.AddConsumer<DataPlaneStatusReportedConsumer>()
                .Endpoint(e => e.Name = DataPlaneStatusReportedConsumer.QueueName);
            x.UsingRabbitMq((context, cfg) =>
            {
                var url = settings.RabbitMqUrl;
                cfg.Host(url, h =>
                {
                    var userInfo = Uri.UnescapeDataString(url.UserInfo).Split(':', 2);
                    if (userInfo[0].Length > 0)
                    {
                        h.Username(userInfo[0]);
                        h.Password(userInfo.Length > 1 ? userInfo[1] : "");
                    }
                });
                cfg.ConfigureEndpoints(context);
            });
        });

        // A broker outage must not hold up start-up: the bus connects (and reconnects) in the background.
        services.Configure<MassTransitHostOptions>(o => o.WaitUntilStarted = false);
        return builder;
    }

    /// <summary>
    /// <c>gw</c> and the tests start the built dll from other directories: the appsettings.json next to the binary
    /// still applies, with the lowest precedence (environment variables and the command line override it).
    /// </summary>
    private static void AddBinaryDirectorySettings(WebApplicationBuilder builder)
    {
        var binary = Path.GetFullPath(AppContext.BaseDirectory);
        var contentRoot = Path.GetFullPath(builder.Environment.ContentRootPath);
        var file = Path.Combine(binary, "appsettings.json");
        if (!string.Equals(binary.TrimEnd('/'), contentRoot.TrimEnd('/'), StringComparison.Ordinal) && File.Exists(file))
        {
            builder.Configuration.Sources.Insert(0, new Microsoft.Extensions.Configuration.Json.JsonConfigurationSource
            {
                Path = file,
                Optional = true,
                FileProvider = new Microsoft.Extensions.FileProviders.PhysicalFileProvider(binary),
            });
        }
    }

    public static WebApplication UseControlPlane(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseExceptionHandler(errorApp => errorApp.Run(WriteUnexpectedErrorAsync));
        app.UseStatusCodePages(WriteStatusCodeBodyAsync);
        app.Use(async (context, next) =>
        {
            var counters = context.RequestServices.GetRequiredService<RequestCounters>();
            counters.Started();
            try
            {
                await next(context);
            }
            finally
            {
                counters.Finished();
            }
        });
        app.UseRouting();
        app.Use(GuardListenersAsync);
        return app;
    }

    public static WebApplication MapControlPlaneApis(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapNodeApi();
        app.MapServicesApi();
        app.MapRoutesApi();
        app.MapConsumersApi();
        app.MapPluginsApi();
        app.MapSchemasApi();
        app.MapConfigApi();
        app.MapCredentialsApi("key-auth", "key-auths", kinds => kinds.KeyAuthCredentials, nameof(KeyAuthCredentialRow.ConsumerId));
        app.MapCredentialsApi(JwtSecretSchema.AdminApiNestedName, JwtSecretSchema.AdminApiName, kinds => kinds.JwtSecrets, nameof(JwtSecretRow.ConsumerId));
        app.MapCredentialsApi(BasicAuthSchema.AdminApiNestedName, BasicAuthSchema.AdminApiName, kinds => kinds.BasicAuthCredentials, nameof(BasicAuthCredentialRow.ConsumerId));
        app.MapKeysApi();
        app.MapCaCertificatesApi();
        app.MapDataPlanesApi();
        app.MapCustomPluginsApi();
        app.MapClusterApi();
        return app;
    }

    /// <summary>
    /// Keeps the two listeners apart (cluster endpoints only on <c>Cluster:Listen</c>, the Admin API only on
    /// <c>Admin:Listen</c>) and enforces <c>Admin:Token</c> on the Admin API.
    /// </summary>
    internal static Task GuardListenersAsync(HttpContext context, Func<Task> next)
    {
        var settings = context.RequestServices.GetRequiredService<ControlPlaneSettings>();
        var isCluster = context.GetEndpoint()?.Metadata.GetMetadata<ClusterEndpointMetadata>() is not null;
        var port = context.Connection.LocalPort;

        // Port 0 means an in-memory test server; equal ports mean one listener serves both.
        if (port != 0 && settings.AdminListen.Port != settings.ClusterListen.Port)
        {
            var expected = isCluster ? settings.ClusterListen.Port : settings.AdminListen.Port;
            if (port != expected)
            {
                return AdminResults.NotFound().ExecuteAsync(context);
            }
        }

        if (!isCluster && settings.AdminToken is { } token)
        {
            var presented = context.Request.Headers["Kong-Admin-Token"].ToString();
            if (presented.Length == 0)
            {
                presented = ClusterApi.BearerToken(context.Request) ?? "";
            }

            if (!ClusterApi.TokenMatches(presented, token))
            {
                return AdminResults.Message(StatusCodes.Status401Unauthorized, "Invalid credentials. Token or User credentials required").ExecuteAsync(context);
            }
        }

        return next();
    }

    private static async Task WriteStatusCodeBodyAsync(StatusCodeContext context)
    {
        var response = context.HttpContext.Response;
        var message = response.StatusCode switch
        {
            StatusCodes.Status404NotFound => AdminResults.NotFoundMessage,
            StatusCodes.Status405MethodNotAllowed => AdminResults.MethodNotAllowedMessage,
            StatusCodes.Status413PayloadTooLarge => "Request body too large",
            StatusCodes.Status415UnsupportedMediaType => BodyReader.UnsupportedMediaType,
            StatusCodes.Status400BadRequest => "Bad request",
            _ => null,
        };
        if (message is not null)
        {
            await AdminResults.Message(response.StatusCode, message).ExecuteAsync(context.HttpContext);
        }
    }

    private static async Task WriteUnexpectedErrorAsync(HttpContext context)
    {
        var error = context.Features.Get<IExceptionHandlerFeature>()?.Error;
        if (error is BadHttpRequestException bad)
        {
            // Kestrel's own limits (body too large, malformed request): the client's fault, said in JSON.
            await AdminResults.Message(bad.StatusCode, bad.StatusCode == StatusCodes.Status413PayloadTooLarge ? "Request body too large" : "Bad request").ExecuteAsync(context);
            return;
        }

        var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("HybridGateway.ControlPlane.AdminApi");
        Log.UnexpectedError(logger, context.Request.Method, context.Request.Path, error);

        // A stored secret that this control plane's data key cannot open: say so (the message names key ids, never values).
        var message = error is SecretProtectionException ? error.Message : AdminResults.UnexpectedErrorMessage;
        await AdminResults.Message(StatusCodes.Status500InternalServerError, message).ExecuteAsync(context);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = EventIds.UnexpectedError, EventName = nameof(EventIds.UnexpectedError), Level = LogLevel.Error, Message = "Unexpected error handling {Method} {Path}")]
        public static partial void UnexpectedError(ILogger logger, string method, string path, Exception? exception);
    }
}
