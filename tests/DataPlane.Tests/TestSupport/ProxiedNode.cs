using HybridGateway.Shared.Configuration;
using Microsoft.AspNetCore.Builder;
using static HybridGateway.DataPlane.Tests.TestSupport.Entities;

namespace HybridGateway.DataPlane.Tests.TestSupport;

/// <summary>
/// A real data-plane host serving one config, fetched from a fake control plane, in front of a real loopback echo
/// upstream: what plugin tests need. Disposing stops all three and deletes the node's cache.
/// </summary>
internal sealed class ProxiedNode : IAsyncDisposable
{
    private readonly WebApplication _upstream;
    private readonly string _cacheDir;

    private ProxiedNode(WebApplication upstream, FakeControlPlaneServer controlPlane, DataPlaneProcess node, string cacheDir)
    {
        _upstream = upstream;
        ControlPlane = controlPlane;
        Node = node;
        _cacheDir = cacheDir;
    }

    public FakeControlPlaneServer ControlPlane { get; }

    public DataPlaneProcess Node { get; }

    /// <summary>Starts the upstream, then serves <paramref name="configFor"/>(the upstream's port) as version 1.</summary>
    public static async Task<ProxiedNode> StartAsync(Func<int, GatewayConfig> configFor)
    {
        var (upstream, address) = await TestServers.StartEchoUpstreamAsync();
        var controlPlane = new FakeControlPlaneServer();
        controlPlane.Add(Payload(1, configFor(address.Port)));
        await controlPlane.StartAsync();
        var cacheDir = Path.Combine(Path.GetTempPath(), "hg-dp-tests", Guid.NewGuid().ToString("N"));
        var node = await DataPlaneProcess.StartAsync(controlPlane.Address, cacheDir);
        await node.WaitReadyAsync();
        return new ProxiedNode(upstream, controlPlane, node, cacheDir);
    }

    public async ValueTask DisposeAsync()
    {
        await Node.DisposeAsync();
        await ControlPlane.DisposeAsync();
        await _upstream.StopAsync();
        await _upstream.DisposeAsync();
        Directory.Delete(_cacheDir, recursive: true);
    }
}
