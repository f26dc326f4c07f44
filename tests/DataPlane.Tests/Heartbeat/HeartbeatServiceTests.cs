using HybridGateway.DataPlane.Heartbeat;
using HybridGateway.DataPlane.Runtime;
using HybridGateway.DataPlane.Status;
using HybridGateway.DataPlane.Tests.TestSupport;
using HybridGateway.Shared.Contracts;
using MassTransit;
using MassTransit.Testing;

namespace HybridGateway.DataPlane.Tests.Heartbeat;

public sealed class HeartbeatServiceTests
{
    [Test]
    public async Task Heartbeat_PublishedAtStart_AndAtOnceWhenTriggered()
    {
        using var rig = new SynchronizerRig();
        var node = new NodeIdentity(Guid.NewGuid(), "host-a", "1.2.3");
        var services = new ServiceCollection();
        services.AddLogging();
        // An hour between heartbeats: a second one can only come from the trigger.
        services.AddSingleton(TestSettings.Read(("Heartbeat:IntervalSeconds", "3600")));
        services.AddSingleton(node);
        services.AddSingleton(rig.Holder);
        services.AddSingleton(rig.Status);
        services.AddSingleton(rig.Registry);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<HeartbeatService>();
        // Waits end as soon as the message is there; 30 s of inactivity only bounds a real failure on a loaded machine.
        services.AddMassTransitTestHarness(x => x.SetTestTimeouts(testTimeout: TimeSpan.FromSeconds(60), testInactivityTimeout: TimeSpan.FromSeconds(30)));
        await using var provider = services.BuildServiceProvider(validateScopes: true);
        var harness = provider.GetRequiredService<ITestHarness>();
        await harness.Start();
        var heartbeat = provider.GetRequiredService<HeartbeatService>();
        await heartbeat.StartAsync(CancellationToken.None);
        try
        {
            Assert.That(await harness.Published.Any<DataPlaneStatusReported>(m => m.Context.Message.AppliedVersion is null), Is.True);

            rig.Holder.Swap(new ActiveConfig(GatewayRuntime.Empty, 5, "abc", DateTimeOffset.UtcNow, ConfigSource.Bus));
            rig.Status.ApplyFailed(6, "broken");
            heartbeat.Trigger();

            Assert.That(await harness.Published.Any<DataPlaneStatusReported>(m => m.Context.Message.AppliedVersion == 5), Is.True);
            var reported = harness.Published.Select<DataPlaneStatusReported>(m => m.Context.Message.AppliedVersion == 5).First().Context.Message;
            Assert.That(reported.NodeId, Is.EqualTo(node.NodeId));
            Assert.That(reported.Hostname, Is.EqualTo("host-a"));
            Assert.That(reported.SoftwareVersion, Is.EqualTo("1.2.3"));
            Assert.That(reported.AppliedHash, Is.EqualTo("abc"));
            Assert.That(reported.LastApplyError, Is.EqualTo("broken"));
            Assert.That(reported.LastFailedVersion, Is.EqualTo(6));
            Assert.That(reported.Plugins.Select(p => p.Name), Is.EqualTo(new[] { "request-termination" }));
        }
        finally
        {
            await heartbeat.StopAsync(CancellationToken.None);
            await harness.Stop();
        }
    }
}
