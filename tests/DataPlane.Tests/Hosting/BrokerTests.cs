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
    public async Task PublishedVersion_IsApplied_AndHeartbeatsReportIt()
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
            cfg.Host(broker.Host, (ushort)broker.Port, "/", h =>
            {
                h.Username("guest");
                h.Password("guest");
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
        try
        {
            await using var node = await DataPlaneProcess.StartAsync(controlPlane.Address, cacheDir, [$"--RabbitMq:Url={url}", "--Heartbeat:IntervalSeconds=1"]);

            // The node's bus is up once it heartbeats; its queue may bind a moment later, so publish until applied.
            await Eventually.UntilAsync(() => Task.FromResult(heartbeats.Count), n => n > 0, "a first heartbeat");
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
                    return await node.ReadyAsync();
                },
                s => s == HttpStatusCode.OK,
                "the published version to be applied");

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
            if (Directory.Exists(cacheDir))
            {
                Directory.Delete(cacheDir, recursive: true);
            }
        }
    }
}
