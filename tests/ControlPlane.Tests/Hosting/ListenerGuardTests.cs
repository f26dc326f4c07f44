using HybridGateway.ControlPlane.Clustering;
using HybridGateway.ControlPlane.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace HybridGateway.ControlPlane.Tests.Hosting;

/// <summary>The cluster endpoint answers only on Cluster:Listen, the Admin API only on Admin:Listen.</summary>
public sealed class ListenerGuardTests
{
    [TestCase(8001, false, 200)]
    [TestCase(8005, false, 404)]
    [TestCase(8005, true, 200)]
    [TestCase(8001, true, 404)]
    [TestCase(0, true, 200)]
    public async Task Guard_ServesEachApiOnItsOwnListener(int localPort, bool clusterEndpoint, int expected)
    {
        var settings = ControlPlaneSettings.Load(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ControlPlane:DataDir"] = Path.Combine(Path.GetTempPath(), "cp-tests", Guid.NewGuid().ToString("N")),
            ["Cluster:Token"] = ControlPlaneFactory.ClusterToken,
        }).Build());
        var services = new ServiceCollection().AddSingleton(settings).AddLogging().BuildServiceProvider();
        var context = new DefaultHttpContext { RequestServices = services };
        context.Response.Body = new MemoryStream();
        context.Connection.LocalPort = localPort;
        var metadata = clusterEndpoint ? new EndpointMetadataCollection(new ClusterEndpointMetadata()) : new EndpointMetadataCollection();
        context.SetEndpoint(new Endpoint(_ => Task.CompletedTask, metadata, "test"));
        var reached = false;

        await ApplicationServiceExtensions.GuardListenersAsync(context, () =>
        {
            reached = true;
            return Task.CompletedTask;
        });

        Assert.That(reached ? 200 : context.Response.StatusCode, Is.EqualTo(expected));
    }
}
