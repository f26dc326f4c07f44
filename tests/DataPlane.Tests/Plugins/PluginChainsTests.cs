using HybridGateway.DataPlane.Plugins;
using HybridGateway.DataPlane.Plugins.RequestTermination;
using HybridGateway.DataPlane.Status;
using HybridGateway.Shared.Configuration;
using HybridGateway.Shared.Plugins.Sdk;
using static HybridGateway.DataPlane.Tests.TestSupport.Entities;

namespace HybridGateway.DataPlane.Tests.Plugins;

public sealed class PluginChainsTests
{
    private static readonly PluginRegistry Registry = new([new RequestTerminationHandler(new NodeIdentity(Guid.NewGuid(), "h", "v")), new MarkerPlugin()]);

    [Test]
    public void Build_MostSpecificInstanceWinsPerName()
    {
        var service = Service();
        var route = Route(service, paths: ["/a"]);
        var other = Route(service, paths: ["/b"]);
        var global = Plugin("request-termination", new { status_code = 401 });
        var onService = Plugin("request-termination", new { status_code = 402 }, service: service);
        var onRoute = Plugin("request-termination", new { status_code = 403 }, route: route);
        var config = new GatewayConfig { Services = [service], Routes = [route, other], Plugins = [global, onService, onRoute] };

        var errors = new List<string>();
        var chains = PluginChains.Build(config, Registry, errors);

        Assert.That(errors, Is.Empty);
        Assert.That(chains[route.Id].Default.Single().Config.Id, Is.EqualTo(onRoute.Id));
        Assert.That(chains[other.Id].Default.Single().Config.Id, Is.EqualTo(onService.Id));
    }

    [Test]
    public void Build_RouteAndServicePluginBeatsRouteOnly()
    {
        var service = Service();
        var route = Route(service, paths: ["/a"]);
        var routeOnly = Plugin("request-termination", new { status_code = 403 }, route: route);
        var routeAndService = Plugin("request-termination", new { status_code = 404 }, route: route, service: service);
        var config = new GatewayConfig { Services = [service], Routes = [route], Plugins = [routeOnly, routeAndService] };

        var chains = PluginChains.Build(config, Registry, []);

        Assert.That(chains[route.Id].Default.Single().Config.Id, Is.EqualTo(routeAndService.Id));
    }

    [Test]
    public void Build_OrdersByPriorityDescending()
    {
        var service = Service();
        var route = Route(service, paths: ["/a"]);
        var config = new GatewayConfig
        {
            Services = [service],
            Routes = [route],
            Plugins = [Plugin("request-termination", new { }), Plugin("marker", new { })],
        };

        var chain = PluginChains.Build(config, Registry, [])[route.Id].Default;

        Assert.That(chain.Select(i => i.Plugin.Name), Is.EqualTo(new[] { "marker", "request-termination" }));
    }

    [Test]
    public void Build_ConsumerScopedPlugins_GoToConsumerChainOnly()
    {
        var service = Service();
        var route = Route(service, paths: ["/a"]);
        var consumer = Guid.NewGuid();
        var forConsumer = Plugin("request-termination", new { status_code = 429 }, consumer: consumer);
        var global = Plugin("request-termination", new { status_code = 503 });
        var config = new GatewayConfig
        {
            Services = [service],
            Routes = [route],
            Consumers = [new ConsumerConfig { Id = consumer, Username = "bob" }],
            Plugins = [forConsumer, global],
        };

        var chains = PluginChains.Build(config, Registry, [])[route.Id];

        Assert.That(chains.Default.Single().Config.Id, Is.EqualTo(global.Id));
        Assert.That(chains.ByConsumer[consumer].Single().Config.Id, Is.EqualTo(forConsumer.Id));
    }

    [Test]
    public void Build_DisabledPlugin_IsLeftOut()
    {
        var service = Service();
        var route = Route(service, paths: ["/a"]);
        var config = new GatewayConfig { Services = [service], Routes = [route], Plugins = [Plugin("request-termination", new { }, enabled: false)] };

        Assert.That(PluginChains.Build(config, Registry, [])[route.Id].Default, Is.Empty);
    }

    [Test]
    public void Build_UnknownPluginAndBadConfig_ReportEveryError()
    {
        var config = new GatewayConfig
        {
            Plugins =
            [
                Plugin("does-not-exist", new { }),
                Plugin("request-termination", new { status_code = 99 }),
                Plugin("request-termination", new { message = "m", body = "b" }),
                Plugin("request-termination", new { content_type = "text/plain" }),
                Plugin("request-termination", new { echo = true, body = "b" }),
            ],
        };

        var errors = new List<string>();
        PluginChains.Build(config, Registry, errors);

        Assert.That(errors, Has.Count.EqualTo(5));
        Assert.That(errors[0], Does.Contain("'does-not-exist' is not available"));
        Assert.That(errors[1], Does.Contain("status_code"));
        Assert.That(errors[2], Does.Contain("message cannot be used with content_type or body"));
        Assert.That(errors[3], Does.Contain("content_type requires a body"));
        Assert.That(errors[4], Does.Contain("echo cannot be used with content_type and body"));
    }

    [Test]
    public void Build_ManifestOfAnotherMajorVersion_IsRefused_EvenWithDuplicateManifests()
    {
        static Shared.Plugins.Custom.CustomPluginManifest Manifest(string version) => new()
        {
            Name = "marker",
            Version = version,
            Priority = 1000,
            Phases = ["access"],
            Schema = new System.Text.Json.Nodes.JsonObject { ["type"] = "object" },
        };
        var route = Route(paths: ["/m"]);
        var config = new GatewayConfig
        {
            Routes = [route],
            Plugins = [Plugin("marker", new { }, route: route)],
            CustomPlugins = [Manifest("2.1.0"), Manifest("1.0.0")],
        };

        var errors = new List<string>();
        PluginChains.Build(config, new PluginRegistry([new MarkerPlugin()]), errors);

        Assert.That(errors.Single(), Does.Contain("plugin 'marker' is not available on this data plane in a compatible version: the config's manifest has version 2.1.0, this data plane carries version 1.0.0"));
    }

    [Test]
    public void Registry_DuplicateNames_AreRejected()
    {
        Assert.That(() => new PluginRegistry([new MarkerPlugin(), new MarkerPlugin()]), Throws.InvalidOperationException.With.Message.Contains("marker"));
    }

    [Test]
    public void Registry_LooksUpNamesCaseInsensitively()
    {
        Assert.That(Registry.Plugins.ContainsKey("Request-Termination"), Is.True);
    }

    private sealed class MarkerPlugin : GatewayPlugin<object>
    {
        public override string Name => "marker";

        public override string Version => "1.0.0";

        public override int Priority => 1000;

        protected override object? Parse(System.Text.Json.JsonElement config, ICollection<string> errors) => new();
    }
}
