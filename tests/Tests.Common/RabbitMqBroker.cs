namespace HybridGateway.Tests.Common;

/// <summary>
/// A private RabbitMQ node on random ports in a temporary directory, started through `gw broker` (the one place the
/// start recipe lives; `gw up` uses it too). Stopping it stops its beam.smp; `gw broker` also stops the node by itself
/// when the test process dies.
/// </summary>
public sealed class RabbitMqBroker : IAsyncDisposable
{
    private readonly string _logDirectory;
    private ChildProcess? _process;
    private int _starts;

    private RabbitMqBroker(string directory, string logDirectory)
    {
        Directory = directory;
        _logDirectory = logDirectory;
        Port = FreePort.Next();
        DistributionPort = FreePort.Next();
        EpmdPort = FreePort.Next();
    }

    /// <summary>The AMQP port on 127.0.0.1 (stays the same across restarts).</summary>
    public int Port { get; }

    public int DistributionPort { get; }

    public int EpmdPort { get; }

    /// <summary>The node's data directory (kept across restarts, deleted on dispose).</summary>
    public string Directory { get; }

    /// <summary>amqp URL with the default guest account (loopback only).</summary>
    public string Url => $"amqp://guest:guest@127.0.0.1:{Port}/";

    public bool IsRunning => _process is { HasExited: false };

    /// <summary>Starts a node and waits until it accepts AMQP connections.</summary>
    public static async Task<RabbitMqBroker> StartAsync(string logDirectory)
    {
        var directory = Path.Combine(Path.GetTempPath(), $"gw-rabbit-{Guid.NewGuid():N}");
        var broker = new RabbitMqBroker(directory, logDirectory);
        try
        {
            await broker.StartAgainAsync();
            return broker;
        }
        catch
        {
            await broker.DisposeAsync();
            throw;
        }
    }

    /// <summary>(Re)starts the node on the same ports and directory; waits until it accepts connections.</summary>
    public async Task StartAgainAsync()
    {
        if (IsRunning)
        {
            return;
        }

        _starts++;
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = ChildProcess.Start(
            $"rabbitmq-{Port}",
            "bash",
            [RepoRoot.GwScript, "broker", "--port", $"{Port}", "--dist-port", $"{DistributionPort}", "--epmd-port", $"{EpmdPort}", "--dir", Directory],
            new Dictionary<string, string?> { ["GW_BROKER_PARENT"] = $"{Environment.ProcessId}" },
            Path.Combine(_logDirectory, $"rabbitmq-{Port}.log"));
        process.OutputLine += line =>
        {
            if (line.StartsWith("broker ready", StringComparison.Ordinal))
            {
                ready.TrySetResult();
            }
        };
        _process = process;
        var deadline = Task.Delay(TimeSpan.FromSeconds(120));
        var first = await Task.WhenAny(ready.Task, process.Exited, deadline);
        if (first != ready.Task)
        {
            var diagnostics = process.Diagnostics();
            await process.DisposeAsync();
            _process = null;
            throw new InvalidOperationException($"RabbitMQ (start {_starts}) did not become ready on port {Port}{diagnostics}");
        }
    }

    /// <summary>Stops the node (rabbitmqctl stop, then its beam.smp by pid) and waits until the port is closed.</summary>
    public async Task StopAsync()
    {
        if (_process is null)
        {
            return;
        }

        await _process.StopAsync(TimeSpan.FromSeconds(40));
        await _process.DisposeAsync();
        _process = null;
        await Poll.UntilAsync(async () => !await FreePort.IsOpenAsync(Port), TimeSpan.FromSeconds(30), $"RabbitMQ port {Port} to close");
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        try
        {
            if (System.IO.Directory.Exists(Directory))
            {
                System.IO.Directory.Delete(Directory, recursive: true);
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
