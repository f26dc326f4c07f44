using System.Globalization;
using HybridGateway.Tests.Common;

namespace HybridGateway.Proxy;

/// <summary>
/// A server the bench measures or uses: a dotnet process, optionally pinned with <c>taskset -c CPUS</c> (taskset
/// execs, so the pid is the server's own and <see cref="CpuTime"/> reads the server's CPU time).
/// </summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    // USER_HZ is 100 on every Linux architecture .NET runs on.
    private const int ClockTicksPerSecond = 100;

    private readonly ChildProcess _process;

    private ServerProcess(ChildProcess process, string url, string? cpus, string? statusUrl = null)
    {
        _process = process;
        Url = url;
        Cpus = cpus;
        StatusUrl = statusUrl;
    }

    public string Name => _process.Name;

    public string Url { get; }

    /// <summary>The taskset CPU list, or null when not pinned.</summary>
    public string? Cpus { get; }

    public int Id => _process.Id;

    /// <summary>The data plane's status listener (it serves <c>/status/runtime</c>), or null for the bench's own servers.</summary>
    public string? StatusUrl { get; }

    /// <summary>Starts the bench itself in a serve mode and waits for its "listening URL" line.</summary>
    public static async Task<ServerProcess> StartSelfAsync(string name, string? cpus, string logDirectory, params string[] arguments)
    {
        var self = Path.Combine(AppContext.BaseDirectory, "HybridGateway.Proxy.dll");
        var process = Start(name, cpus, self, arguments, new Dictionary<string, string?>(), logDirectory);
        try
        {
            var url = await Poll.UntilAsync(
                () =>
                {
                    if (process.HasExited)
                    {
                        throw new InvalidOperationException($"{name} exited during start-up{process.Diagnostics()}");
                    }

                    var line = process.RecentOutput.Split('\n').FirstOrDefault(l => l.StartsWith(ServeCommands.ListeningPrefix, StringComparison.Ordinal));
                    return Task.FromResult(line?[ServeCommands.ListeningPrefix.Length..].Trim());
                },
                TimeSpan.FromSeconds(60),
                $"{name} listening");
            return new ServerProcess(process, url, cpus);
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts a host dll with <paramref name="environment"/>; the caller waits for its readiness.</summary>
    public static ServerProcess StartHost(
        string name, string? cpus, string dll, string url, string? statusUrl, IReadOnlyDictionary<string, string?> environment, string logDirectory) =>
        new(Start(name, cpus, dll, [], environment, logDirectory), url, cpus, statusUrl);

    public bool HasExited => _process.HasExited;

    public string Diagnostics() => _process.Diagnostics();

    /// <summary>User + system CPU time of the whole process (all threads) so far, from /proc.</summary>
    public TimeSpan CpuTime()
    {
        // Fields after the parenthesised command name: state is index 0, utime 11, stime 12 (proc(5)), in clock ticks.
        var stat = File.ReadAllText($"/proc/{_process.Id}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds(ticks / (double)ClockTicksPerSecond);
    }

    /// <summary>
    /// Resets the kernel's peak resident set (VmHWM) to the current one (<c>clear_refs</c> value 5, proc(5)), so
    /// <see cref="PeakResidentBytes"/> is the peak since now; false when the kernel refused (then it is the lifetime peak).
    /// </summary>
    public bool ResetPeakResident()
    {
        try
        {
            File.WriteAllText($"/proc/{_process.Id}/clear_refs", "5");
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>The process's peak resident set (VmHWM in /proc/PID/status), in bytes.</summary>
    public long PeakResidentBytes()
    {
        var line = File.ReadLines($"/proc/{_process.Id}/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return 1024 * long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();

    private static ChildProcess Start(string name, string? cpus, string dll, string[] arguments, IReadOnlyDictionary<string, string?> environment, string logDirectory)
    {
        var log = Path.Combine(logDirectory, $"{name}.log");
        var workingDirectory = Path.GetDirectoryName(dll);
        return cpus is null
            ? ChildProcess.Start(name, "dotnet", [dll, .. arguments], environment, log, workingDirectory)
            : ChildProcess.Start(name, "taskset", ["-c", cpus, "dotnet", dll, .. arguments], environment, log, workingDirectory);
    }
}
