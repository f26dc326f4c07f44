using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace HybridGateway.Tests.Common;

/// <summary>
/// A process started by a test: output goes to a log file (and is kept for failure messages), and disposing stops it
/// (SIGTERM, then a kill of the whole process tree). Every child still alive when the test process exits is killed.
/// </summary>
public sealed partial class ChildProcess : IAsyncDisposable
{
    private const int SigTerm = 15;
    private static readonly ConcurrentDictionary<ChildProcess, byte> Alive = new();
    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly StringBuilder _recent = new();
    private readonly Lock _gate = new();
    private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _disposed;
    private bool _logClosed;

    static ChildProcess()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            foreach (var child in Alive.Keys)
            {
                child.KillTree();
            }
        };
    }

    private ChildProcess(string name, Process process, string logPath)
    {
        Name = name;
        _process = process;
        LogPath = logPath;
        _log = new StreamWriter(File.Open(logPath, FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
    }

    /// <summary>A short name for messages ("control-plane", "dp-a", ...).</summary>
    public string Name { get; }

    /// <summary>The file that receives stdout and stderr.</summary>
    public string LogPath { get; }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>Completes when the process exits.</summary>
    public Task Exited => _exited.Task;

    /// <summary>Raised for every line the process writes (stdout or stderr).</summary>
    public event Action<string>? OutputLine;

    /// <summary>Starts `dotnet <paramref name="dll"/> <paramref name="arguments"/>`.</summary>
    public static ChildProcess StartDotnet(
        string name, string dll, IReadOnlyDictionary<string, string?> environment, string logPath, params string[] arguments) =>
        Start(name, "dotnet", [dll, .. arguments], environment, logPath, Path.GetDirectoryName(dll));

    /// <summary>Starts <paramref name="fileName"/> with the current environment plus <paramref name="environment"/>.</summary>
    public static ChildProcess Start(
        string name,
        string fileName,
        IEnumerable<string> arguments,
        IReadOnlyDictionary<string, string?> environment,
        string logPath,
        string? workingDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(environment);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(logPath))!);
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var child = new ChildProcess(name, process, logPath);
        child.Write($"--- {DateTimeOffset.UtcNow:O} start: {fileName} {string.Join(' ', info.ArgumentList)}");
        process.OutputDataReceived += (_, e) => child.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => child.OnLine(e.Data);
        process.Exited += (_, _) => child._exited.TrySetResult();
        if (!process.Start())
        {
            throw new InvalidOperationException($"could not start {fileName}");
        }

        Alive[child] = 0;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>The last lines of output (for assertion messages).</summary>
    public string RecentOutput
    {
        get
        {
            lock (_gate)
            {
                return _recent.ToString();
            }
        }
    }

    /// <summary>A failure-message suffix: where the log is and how it ends.</summary>
    public string Diagnostics() =>
        $"{Environment.NewLine}--- {Name} (pid {_process.Id}{(HasExited ? $", exited {_process.ExitCode}" : string.Empty)}), log {LogPath}, last output:{Environment.NewLine}{RecentOutput}";

    /// <summary>Asks the process to stop (SIGTERM) and kills its whole tree if it has not exited within <paramref name="grace"/>.</summary>
    public async Task StopAsync(TimeSpan? grace = null)
    {
        if (!_process.HasExited)
        {
            _ = Kill(_process.Id, SigTerm);
            var finished = await Task.WhenAny(_exited.Task, Task.Delay(grace ?? TimeSpan.FromSeconds(20)));
            if (finished != _exited.Task)
            {
                Write($"--- did not stop within the grace period: killing the process tree");
            }
        }

        KillTree();
        using (var drained = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
        {
            try
            {
                // Also waits until the redirected output has been read to the end.
                await _process.WaitForExitAsync(drained.Token);
            }
            catch (OperationCanceledException)
            {
                Write("--- output not drained within 5 s of exit");
            }
        }

        Alive.TryRemove(this, out _);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await StopAsync();
        lock (_gate)
        {
            _logClosed = true;
            _log.Dispose();
        }

        _process.Dispose();
    }

    private void KillTree()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        Write(line);
        OutputLine?.Invoke(line);
    }

    private void Write(string line)
    {
        lock (_gate)
        {
            if (!_logClosed)
            {
                _log.WriteLine(line);
            }

            _recent.AppendLine(line);
            if (_recent.Length > 8000)
            {
                _recent.Remove(0, _recent.Length - 6000);
            }
        }
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
