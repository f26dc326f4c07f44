using HybridGateway.DataPlane.Runtime;
using HybridGateway.DataPlane.Tests.TestSupport;
using HybridGateway.Shared.Configuration;
using static HybridGateway.DataPlane.Tests.TestSupport.Entities;

namespace HybridGateway.DataPlane.Tests.Runtime;

public sealed class RuntimeBuilderTests
{
    private static RuntimeBuilder Builder()
    {
        using var rig = new SynchronizerRig();
        return new RuntimeBuilder(rig.Registry);
    }

    [Test]
    public void Build_CreatesOneClusterPerUsedServiceAndOneProxyRoutePerRouteWithService()
    {
        var used = Service(port: 8081);
        var unused = Service(port: 8082);
        var config = new GatewayConfig
        {
            Services = [used, unused],
            Routes = [Route(used, paths: ["/a"]), Route(used, paths: ["/b"]), Route(paths: ["/no-service"])],
        };

        var runtime = Builder().Build(config);

        Assert.That(runtime.ProxyClusters.Select(c => c.ClusterId), Has.Exactly(1).StartsWith($"service-{used.Id}-"));
        Assert.That(runtime.ProxyRoutes, Has.Count.EqualTo(2));
        Assert.That(runtime.ProxyClusters[0].Destinations!["upstream"].Address, Is.EqualTo("http://127.0.0.1:8081"));
        Assert.That(runtime.Router.CandidateCount, Is.EqualTo(3));
    }

    [Test]
    public void Build_ServiceTimeouts_BecomeActivityTimeoutAndConnectMetadata()
    {
        var service = Service() with { ConnectTimeout = 1500, ReadTimeout = 2000, WriteTimeout = 3000, Retries = 2 };
        var runtime = Builder().Build(new GatewayConfig { Services = [service], Routes = [Route(service, paths: ["/a"])] });

        var cluster = runtime.ProxyClusters.Single();
        Assert.That(cluster.HttpRequest!.ActivityTimeout, Is.EqualTo(TimeSpan.FromMilliseconds(3000)));
        Assert.That(cluster.Metadata!["hybridgateway.connect_timeout_ms"], Is.EqualTo("1500"));
        Assert.That(cluster.Metadata["hybridgateway.retries"], Is.EqualTo("2"));
    }

    [Test]
    public void Build_RoutesOfDisabledService_AreLeftOut()
    {
        var service = Service() with { Enabled = false };
        var runtime = Builder().Build(new GatewayConfig { Services = [service], Routes = [Route(service, paths: ["/a"])] });
        Assert.That(runtime.Router.CandidateCount, Is.Zero);
        Assert.That(runtime.ProxyClusters, Is.Empty);
    }

    [Test]
    public void Build_Problems_AreAllReportedTogether()
    {
        var service = Service();
        var config = new GatewayConfig
        {
            Services = [service],
            Routes = [Route(service, paths: ["~/(bad"])],
            Plugins = [Plugin("missing-plugin", new { })],
        };

        var error = Assert.Throws<ConfigRejectedException>(() => Builder().Build(config))!;
        Assert.That(error.Errors, Has.Some.Contains("invalid regex"));
        Assert.That(error.Errors, Has.Some.Contains("missing-plugin"));
    }

    [Test]
    public void Warmup_RunsTheWholeApplyPathWithoutErrors()
    {
        Assert.That(() => RuntimeWarmup.Run(Builder()), Throws.Nothing);
    }
}
