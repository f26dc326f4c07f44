using System.Collections.Concurrent;
using System.Net;
using HybridGateway.DataPlane.Tests.TestSupport;
using HybridGateway.Shared.Configuration;
using HybridGateway.Shared.Contracts;
using MassTransit;
using static HybridGateway.DataPlane.Tests.TestSupport.Entities;

namespace HybridGateway.DataPlane.Tests.Hosting;

/// <summary>
/// The node against a real RabbitMQ: versions arrive on its temporary queue, heartbeats leave it.
/// Needs a broker: set HG_TEST_RABBITMQ_URL (e.g. amqp://guest:guest@127.0.0.1:5672/), otherwise skipped.
/// </summary>
[NonParallelizable]
public sealed class BrokerTests
{
    [Test]
    public async Task PublishedVersion_ReachesEveryNode_AndHeartbeatsReportIt()
    {
        var url = Environment.GetEnvironmentVariable("HG_TEST_RABBITMQ_URL");
        if (string.IsNullOrEmpty(url))
        {
            Assert.Ignore("HG_TEST_RABBITMQ_URL is not set: no RabbitMQ broker to test against");
        }

        var broker = new Uri(url);
        var heartbeats = new ConcurrentQueue<DataPlaneStatusReported>();
        var bus = Bus.Factory.CreateUsingRabbitMq(cfg =>
        {
            var credentials = broker.UserInfo.Split(':', 2);
            var vhost = Uri.UnescapeDataString(broker.AbsolutePath.Trim('/'));
            cfg.Host(broker.Host, (ushort)(broker.Port > 0 ? broker.Port : 5672), vhost.Length == 0 ? "/" : vhost, h =>
            {
                h.Username(credentials[0].Length > 0 ? Uri.UnescapeDataString(credentials[0]) : "guest");
                h.Password(credentials.Length > 1 ? Uri.UnescapeDataString(credentials[1]) : "guest");
            });
            cfg.ReceiveEndpoint(new TemporaryEndpointDefinition("dp-tests"), e => e.Handler<DataPlaneStatusReported>(context =>
            {
                heartbeats.Enqueue(context.Message);
                return Task.CompletedTask;
            }));
        });
        await bus.StartAsync();
        await using var controlPlane = new FakeControlPlaneServer();
        await controlPlane.StartAsync();
        var cacheDir = Path.Combine(Path.GetTempPath(), "hg-dp-tests", Guid.NewGuid().ToString("N"));
        var otherCacheDir = cacheDir + "-b";
        try
        {
            await using var node = await DataPlaneProcess.StartAsync(controlPlane.Address, cacheDir, [$"--RabbitMq:Url={url}", "--Heartbeat:IntervalSeconds=1"]);
            await using var other = await DataPlaneProcess.StartAsync(controlPlane.Address, otherCacheDir, [$"--RabbitMq:Url={url}", "--Heartbeat:IntervalSeconds=1"]);

            // A node's bus is up once it heartbeats; its queue may bind a moment later, so publish until applied.
            await Eventually.UntilAsync(() => Task.FromResult(heartbeats.Select(h => h.NodeId).Distinct().Count()), n => n == 2, "a first heartbeat from both nodes");
            var service = Service();
            var config = new GatewayConfig
            {
                Services = [service],
                Routes = [Route(paths: ["/bus"])],
                Plugins = [Plugin("request-termination", new { status_code = 200, message = "from the bus" })],
            };
            await Eventually.UntilAsync(
                async () =>
                {
                    await bus.Publish(Published(1, config));
                    await Task.Delay(100);
                    return (await node.ReadyAsync(), await other.ReadyAsync());
                },
                s => s == (HttpStatusCode.OK, HttpStatusCode.OK),
                "the published version to be applied on both nodes");
            Assert.That(await (await other.GetAsync("/bus")).Content.ReadAsStringAsync(), Is.EqualTo("""{"message":"from the bus"}"""));

            var response = await node.GetAsync("/bus");
            Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("""{"message":"from the bus"}"""));
            var reported = await Eventually.UntilAsync(
                () => Task.FromResult(heartbeats.LastOrDefault(h => h.AppliedVersion == 1)),
                h => h is not null,
                "a heartbeat reporting version 1");
            Assert.That(reported!.Plugins.Select(p => p.Name), Does.Contain("request-termination"));
            Assert.That(reported.AppliedHash, Has.Length.EqualTo(64));
        }
        finally
        {
            await bus.StopAsync();
            foreach (var directory in new[] { cacheDir, otherCacheDir }.Where(Directory.Exists))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }
}
