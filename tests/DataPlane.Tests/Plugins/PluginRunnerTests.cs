using System.Text;
using System.Text.Json;
using HybridGateway.DataPlane.Plugins;
using HybridGateway.DataPlane.Plugins.RequestTermination;
using HybridGateway.DataPlane.Routing;
using HybridGateway.DataPlane.Runtime;
using HybridGateway.DataPlane.Status;
using HybridGateway.Shared.Configuration;
using HybridGateway.Shared.Plugins.Sdk;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using static HybridGateway.DataPlane.Tests.TestSupport.Entities;

namespace HybridGateway.DataPlane.Tests.Plugins;

public sealed class PluginRunnerTests
{
    private static readonly PluginRegistry Registry = new([new RequestTerminationHandler(new NodeIdentity(Guid.NewGuid(), "h", "v")), new FakeAuthPlugin()]);

    [Test]
    public async Task ConsumerScopedPlugin_AppliesOnceAnAuthPluginIdentifiedTheConsumer()
    {
        var consumer = Guid.NewGuid();
        var (status, body) = await RunAsync(consumer, identify: true);
        Assert.That(status, Is.EqualTo(429));
        Assert.That(body, Is.EqualTo("""{"message":"limited"}"""));
    }

    [Test]
    public async Task WithoutConsumer_TheGlobalInstanceApplies()
    {
        var (status, body) = await RunAsync(Guid.NewGuid(), identify: false);
        Assert.That(status, Is.EqualTo(200));
        Assert.That(body, Is.EqualTo("""{"message":"global"}"""));
    }

    private static async Task<(int Status, string Body)> RunAsync(Guid consumer, bool identify)
    {
        var service = Service();
        var route = Route(service, paths: ["/a"]);
        var config = new GatewayConfig
        {
            Services = [service],
            Routes = [route],
            Consumers = [new ConsumerConfig { Id = consumer, Username = "bob" }],
            Plugins =
            [
                Plugin("fake-auth", new { consumer = identify ? consumer : Guid.Empty }),
                Plugin("request-termination", new { status_code = 200, message = "global" }),
                Plugin("request-termination", new { status_code = 429, message = "limited" }, consumer: consumer),
            ],
        };
        var errors = new List<string>();
        var runtime = GatewayRuntime.Empty with { Config = config, Plugins = PluginChains.Build(config, Registry, errors) };
        Assert.That(errors, Is.Empty);

        var http = new DefaultHttpContext();
        http.Request.Scheme = "http";
        http.Response.Body = new MemoryStream();
        var feature = new KongRequestFeature(
            new ActiveConfig(runtime, 1, "h", DateTimeOffset.UtcNow, ConfigSource.Bus),
            new RouteMatch(route, service, "/a", "/a", "/", HttpsRequired: false));

        var exited = await new PluginRunner(NullLogger<PluginRunner>.Instance).RunAccessAsync(http, feature);

        Assert.That(exited, Is.True);
        return (http.Response.StatusCode, Encoding.UTF8.GetString(((MemoryStream)http.Response.Body).ToArray()));
    }

    /// <summary>Identifies the consumer named in its config (an empty id identifies nobody).</summary>
    private sealed class FakeAuthPlugin : GatewayPlugin<FakeAuthOptions>
    {
        public override string Name => "fake-auth";

        public override string Version => "1.0.0";

        public override int Priority => 1000;

        protected override FakeAuthOptions? Parse(JsonElement config, ICollection<string> errors) =>
            config.Deserialize<FakeAuthOptions>(GatewayJson.Options);

        protected override ValueTask AccessAsync(PluginContext context, FakeAuthOptions options)
        {
            if (options.Consumer != Guid.Empty)
            {
                context.SetConsumer(new ConsumerConfig { Id = options.Consumer, Username = "bob" });
            }

            return ValueTask.CompletedTask;
        }
    }

    private sealed record FakeAuthOptions(Guid Consumer);
}
