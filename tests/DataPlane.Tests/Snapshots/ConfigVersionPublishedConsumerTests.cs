using HybridGateway.DataPlane.Snapshots;
using HybridGateway.DataPlane.Tests.TestSupport;
using HybridGateway.Shared.Configuration;
using HybridGateway.Shared.Contracts;
using MassTransit;
using MassTransit.Testing;
using static HybridGateway.DataPlane.Tests.TestSupport.Entities;

namespace HybridGateway.DataPlane.Tests.Snapshots;

public sealed class ConfigVersionPublishedConsumerTests
{
    [Test]
    public async Task Consume_AppliesThePublishedVersion_EvenWhenItIsRefusedWithoutFaulting()
    {
        using var rig = new SynchronizerRig();
        var services = new ServiceCollection();
        services.AddSingleton(rig.Synchronizer);
        services.AddMassTransitTestHarness(bus =>
        {
            // Waits end as soon as the message is there; 30 s of inactivity only bounds a real failure on a loaded machine.
            bus.SetTestTimeouts(testTimeout: TimeSpan.FromSeconds(60), testInactivityTimeout: TimeSpan.FromSeconds(30));
            bus.AddConsumer<ConfigVersionPublishedConsumer, ConfigVersionPublishedConsumerDefinition>();
        });
        await using var provider = services.BuildServiceProvider(validateScopes: true);
        var harness = provider.GetRequiredService<ITestHarness>();
        await harness.Start();
        try
        {
            var service = Service();
            var consumer = harness.GetConsumerHarness<ConfigVersionPublishedConsumer>();
            await harness.Bus.Publish(Published(1, new GatewayConfig { Services = [service], Routes = [Route(service, paths: ["/a"])] }));
            Assert.That(await consumer.Consumed.Any<ConfigVersionPublished>(m => m.Context.Message.Version == 1), Is.True);
            await harness.Bus.Publish(Published(2, new GatewayConfig { Plugins = [Plugin("unknown", new { })] }));

            Assert.That(await consumer.Consumed.Any<ConfigVersionPublished>(m => m.Context.Message.Version == 2), Is.True);
            Assert.That(rig.Holder.Current?.Version, Is.EqualTo(1));
            Assert.That(rig.Status.LastApplyError?.Version, Is.EqualTo(2));
            // Both versions were consumed above, so a fault would already be published: look without waiting long.
            using var shortWait = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            Assert.That(await harness.Published.Any<Fault<ConfigVersionPublished>>(shortWait.Token), Is.False, "a refused version is reported, not faulted");
        }
        finally
        {
            await harness.Stop();
        }
    }
}
