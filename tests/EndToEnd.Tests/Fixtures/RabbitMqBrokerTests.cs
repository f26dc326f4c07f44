using System.Diagnostics;
using HybridGateway.Tests.Common;

namespace HybridGateway.EndToEnd.Tests.Fixtures;

/// <summary>The broker fixture itself: the node it starts (`gw broker`) really dies, beam.smp included.</summary>
[TestFixture]
[NonParallelizable]
public sealed class RabbitMqBrokerTests
{
    [Test]
    public async Task StopAsync_StopsTheNodeAndItsBeamProcess()
    {
        var logs = Path.Combine(RepoRoot.Path, "artifacts", "e2e", $"broker-{Guid.NewGuid().ToString("N")[..6]}");
        await using var broker = await RabbitMqBroker.StartAsync(logs);
        Assert.That(await FreePort.IsOpenAsync(broker.Port), Is.True, "the node accepts AMQP connections");
        var beam = int.Parse(await File.ReadAllTextAsync(Path.Combine(broker.Directory, "beam.pid")), System.Globalization.CultureInfo.InvariantCulture);
        Assert.That(IsAlive(beam), Is.True, $"beam.smp {beam} runs");

        await broker.StopAsync();

        await Poll.UntilAsync(() => !IsAlive(beam), what: $"beam.smp {beam} to exit");
        Assert.That(await FreePort.IsOpenAsync(broker.Port), Is.False);
        Assert.That(await FreePort.IsOpenAsync(broker.EpmdPort), Is.False, "the node's private epmd is gone too");
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited && File.Exists($"/proc/{pid}/stat") && !File.ReadAllText($"/proc/{pid}/stat").Contains(") Z ", StringComparison.Ordinal);
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
