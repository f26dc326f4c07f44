using System.Net;
using HybridGateway.Tests.Common;

namespace HybridGateway.EndToEnd.Tests.Cluster;

/// <summary>
/// The broker or the control plane goes away: data planes keep serving, and catch up when it returns.
/// Every test restarts what it stopped, so the shared system is whole again for the next test.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class OutageTests
{
    private static readonly TimeSpan Reconnect = TimeSpan.FromSeconds(120);

    [TearDown]
    public async Task RestoreTheSystemAsync()
    {
        var system = ClusterSetUp.System;
        if (!system.Broker.IsRunning)
        {
            await system.Broker.StartAgainAsync();
        }

        if (!system.ControlPlane.IsRunning)
        {
            await system.ControlPlane.StartAsync();
        }

        foreach (var node in system.DataPlanes.Where(n => !n.IsRunning))
        {
            await node.StartAsync();
        }
    }

    [Test]
    public async Task BrokerStopped_ConfigChanged_BrokerRestarted_BothNodesConverge()
    {
        var a = ClusterSetUp.UpstreamA;
        var system = ClusterSetUp.System;
        var (_, _, before) = await Kong.CreateServiceAndRouteAsync(a.Url, "pre-outage");
        await Kong.WaitForEchoOnAllAsync(before, e => e.Upstream == a.Name);

        await system.Broker.StopAsync();

        // The control plane still accepts changes (they wait in its outbox) ...
        var (_, _, during) = await Kong.CreateServiceAndRouteAsync(a.Url, "in-outage");

        // ... and the data planes keep serving what they have.
        await Kong.WaitForEchoOnAllAsync(before, e => e.Upstream == a.Name);
        foreach (var node in system.DataPlanes)
        {
            var (status, body, response) = await Kong.ProxyAsync(node, HttpMethod.Get, during);
            response.Dispose();
            Assert.That(status, Is.EqualTo(HttpStatusCode.NotFound), $"{node.Name} cannot know {during} yet: {body}");
        }

        await system.Broker.StartAgainAsync();

        await Kong.WaitForEchoOnAllAsync(during, e => e.Upstream == a.Name, Reconnect);
        await Kong.WaitForEchoOnAllAsync(before, e => e.Upstream == a.Name);
    }

    [Test]
    public async Task ControlPlaneStopped_DataPlaneRestarted_ServesFromItsDiskCache()
    {
        var a = ClusterSetUp.UpstreamA;
        var system = ClusterSetUp.System;
        var (_, _, path) = await Kong.CreateServiceAndRouteAsync(a.Url, "cached");
        await Kong.WaitForEchoOnAllAsync(path, e => e.Upstream == a.Name);
        var restarted = system.DataPlanes[0];
        var other = system.DataPlanes[1];
        var version = await Poll.UntilValueAsync(restarted.GetAppliedVersionAsync, what: $"{restarted.Name} to report its version");

        await system.ControlPlane.StopAsync();
        await restarted.StopAsync();
        await restarted.StartAsync();

        // Nothing but the disk cache can give it the config now.
        await Poll.UntilAsync(restarted.IsReadyAsync, what: $"{restarted.Name} /health/ready with the control plane down");
        Assert.That(await restarted.GetAppliedVersionAsync(), Is.EqualTo(version), $"{restarted.Name} serves the cached version");
        var (status, body, response) = await Kong.ProxyAsync(restarted, HttpMethod.Get, $"{path}/from-cache");
        response.Dispose();
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), $"{body}{restarted.Diagnostics()}");
        Assert.That(EchoedRequest.TryParse(body)?.Upstream, Is.EqualTo(a.Name), body);

        // The other node never noticed.
        var (otherStatus, otherBody, otherResponse) = await Kong.ProxyAsync(other, HttpMethod.Get, path);
        otherResponse.Dispose();
        Assert.That(otherStatus, Is.EqualTo(HttpStatusCode.OK), otherBody);

        // When the control plane returns, changes reach both nodes again (the restarted one included).
        await system.ControlPlane.StartAsync();
        var (_, _, after) = await Kong.CreateServiceAndRouteAsync(a.Url, "after-cp");
        await Kong.WaitForEchoOnAllAsync(after, e => e.Upstream == a.Name, Reconnect);
    }
}
