using System.Collections.Concurrent;
using HybridGateway.Shared.Contracts;
using HybridGateway.Shared.Snapshots;
using MassTransit;

namespace HybridGateway.ControlPlane.Tests.Publishing;

/// <summary>
/// The control plane over a real RabbitMQ: versions reach a fan-out subscriber, heartbeats reach the registry.
/// Needs a broker: set HG_TEST_RABBITMQ_URL (e.g. amqp://guest:guest@127.0.0.1:5672/), otherwise skipped.
/// </summary>
[NonParallelizable]
public sealed class RealBrokerTests
{
    [Test]
    public async Task RealBroker_PublishesVersionsAndRecordsHeartbeats()
    {
        var url = Environment.GetEnvironmentVariable("HG_TEST_RABBITMQ_URL");
        if (string.IsNullOrEmpty(url))
        {
            Assert.Ignore("HG_TEST_RABBITMQ_URL is not set: no RabbitMQ broker to test against");
        }

        var received = new ConcurrentQueue<ConfigVersionPublished>();
        var brokerUri = new Uri(url);
        var userInfo = Uri.UnescapeDataString(brokerUri.UserInfo).Split(':', 2);
        var subscriber = Bus.Factory.CreateUsingRabbitMq(cfg =>
        {
            cfg.Host(brokerUri, h =>
            {
                if (userInfo[0].Length > 0)
                {
                    h.Username(userInfo[0]);
                    h.Password(userInfo.Length > 1 ? userInfo[1] : "");
                }
            });
            cfg.ReceiveEndpoint(new TemporaryEndpointDefinition(), e => e.Handler<ConfigVersionPublished>(context =>
            {
                received.Enqueue(context.Message);
                return Task.CompletedTask;
            }));
        });
        await subscriber.StartAsync(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);
        try
        {
            using var factory = new ControlPlaneFactory(new() { ["RabbitMq:Url"] = url }) { RealBroker = true };
            using var client = factory.CreateClient();
            await client.CreateServiceAsync("svc");
            var version = await factory.WaitForSnapshotAsync();

            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (!received.Any(m => m.Version == version.Version) && DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }

            var message = received.SingleOrDefault(m => m.Version == version.Version);
            Assert.That(message, Is.Not.Null, "the version reached a subscriber through RabbitMQ");
            Assert.That(SnapshotCodec.Decode(message!.Snapshot!, message.Hash).Services, Has.Count.EqualTo(1));

            var node = Guid.NewGuid();
            await subscriber.Publish(new DataPlaneStatusReported
            {
                NodeId = node,
                Hostname = "dp-real",
                SoftwareVersion = "0.1.0",
                AppliedVersion = version.Version,
                AppliedHash = version.Hash,
                ReportedAt = DateTimeOffset.UtcNow,
            });

            string? status = null;
            deadline = DateTime.UtcNow.AddSeconds(30);
            while (status is null && DateTime.UtcNow < deadline)
            {
                var body = await (await client.GetAsync("/clustering/data-planes")).BodyAsync();
                status = body["data"]!.AsArray().FirstOrDefault(n => (string?)n!["id"] == node.ToString())?["status"]?.ToString();
                await Task.Delay(50);
            }

            Assert.That(status, Is.EqualTo("in_sync"));
        }
        finally
        {
            await subscriber.StopAsync();
        }
    }
}
