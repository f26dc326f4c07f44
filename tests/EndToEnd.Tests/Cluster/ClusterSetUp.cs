using HybridGateway.Tests.Common;

namespace HybridGateway.EndToEnd.Tests.Cluster;

/// <summary>
/// One real system for every test in this namespace: a private RabbitMQ node, the control plane and two data planes
/// as separate processes, plus two echo upstreams. Tests use distinct entity names, so they share it; tests that stop
/// a part restart it before they finish.
/// </summary>
[SetUpFixture]
public sealed class ClusterSetUp
{
    private static GatewaySystem? _system;
    private static EchoUpstream? _upstreamA;
    private static EchoUpstream? _upstreamB;

    public static GatewaySystem System => _system ?? throw new InvalidOperationException("the system did not start");

    public static EchoUpstream UpstreamA => _upstreamA ?? throw new InvalidOperationException("upstream A did not start");

    public static EchoUpstream UpstreamB => _upstreamB ?? throw new InvalidOperationException("upstream B did not start");

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _upstreamA = await EchoUpstream.StartAsync("upstream-a");
        _upstreamB = await EchoUpstream.StartAsync("upstream-b");
        _system = await GatewaySystem.StartAsync("cluster");
        TestContext.Progress.WriteLine($"e2e system: admin {System.ControlPlane.AdminUrl}, broker {System.Broker.Url}, " +
            $"proxies {string.Join(", ", System.DataPlanes.Select(d => d.ProxyUrl))}, logs {System.WorkDirectory}/logs");
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (_system is not null)
        {
            await _system.DisposeAsync();
        }

        if (_upstreamA is not null)
        {
            await _upstreamA.DisposeAsync();
        }

        if (_upstreamB is not null)
        {
            await _upstreamB.DisposeAsync();
        }
    }
}
