using HybridGateway.Shared.Configuration;

namespace HybridGateway.DataPlane.Tests.TestSupport;

/// <summary>
/// The fixture of plugin tests: one <see cref="ProxiedNode"/> (a real data plane in front of an echo upstream) for the
/// whole class, serving the class's <see cref="Config"/>, stopped when the class is done.
/// </summary>
public abstract class ProxiedNodeTest
{
    private ProxiedNode? _proxied;

    /// <summary>The data plane under test.</summary>
    private protected DataPlaneProcess Node => _proxied?.Node ?? throw new InvalidOperationException("the data plane is not started");

    /// <summary>The config the node serves; <paramref name="upstreamPort"/> is the echo upstream's port.</summary>
    private protected abstract GatewayConfig Config(int upstreamPort);

    [OneTimeSetUp]
    public async Task StartNodeAsync() => _proxied = await ProxiedNode.StartAsync(Config);

    [OneTimeTearDown]
    public async Task StopNodeAsync()
    {
        if (_proxied is not null)
        {
            await _proxied.DisposeAsync();
        }
    }
}
