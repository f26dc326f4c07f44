using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace HybridGateway.Tests.Common;

/// <summary>
/// The whole local system as real processes: a private RabbitMQ node, the control plane (SQLite in a temporary
/// directory) and N data planes, on random loopback ports. The test-side twin of `gw up`.
/// </summary>
public sealed class GatewaySystem : IAsyncDisposable
{
    private GatewaySystem(string workDirectory, RabbitMqBroker broker, ControlPlaneNode controlPlane, IReadOnlyList<DataPlaneNode> dataPlanes)
    {
        WorkDirectory = workDirectory;
        Broker = broker;
        ControlPlane = controlPlane;
        DataPlanes = dataPlanes;
    }

    /// <summary>Data, caches and logs (logs/ stays after dispose for diagnostics).</summary>
    public string WorkDirectory { get; }

    public RabbitMqBroker Broker { get; }

    public ControlPlaneNode ControlPlane { get; }

    public IReadOnlyList<DataPlaneNode> DataPlanes { get; }

    /// <summary>Starts broker → control plane → data planes, each waited for before the next.</summary>
    public static async Task<GatewaySystem> StartAsync(string name, int dataPlanes = 2, IReadOnlyDictionary<string, string?>? extraEnvironment = null)
    {
        var work = Path.Combine(RepoRoot.Path, "artifacts", "e2e", $"{name}-{DateTime.UtcNow:HHmmss}-{Guid.NewGuid().ToString("N")[..6]}");
        var logs = Path.Combine(work, "logs");
        Directory.CreateDirectory(logs);
        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        var extra = extraEnvironment ?? new Dictionary<string, string?>();
        RabbitMqBroker? broker = null;
        ControlPlaneNode? cp = null;
        var dps = new List<DataPlaneNode>();
        try
        {
            broker = await RabbitMqBroker.StartAsync(logs);
            cp = new ControlPlaneNode(Path.Combine(work, "cp-data"), logs, token, broker.Url, extra);
            await cp.StartAsync();
            for (var i = 0; i < dataPlanes; i++)
            {
                var dp = new DataPlaneNode($"dp-{(char)('a' + i)}", Path.Combine(work, $"dp-{(char)('a' + i)}-cache"), logs, token, cp.ClusterUrl, cp.SnapshotPublicKeyFile, broker.Url, extra);
                dps.Add(dp);
            }

            await Task.WhenAll(dps.Select(dp => dp.StartAsync()));
            return new GatewaySystem(work, broker, cp, dps);
        }
        catch
        {
            foreach (var dp in dps)
            {
                await dp.DisposeAsync();
            }

            if (cp is not null)
            {
                await cp.DisposeAsync();
            }

            if (broker is not null)
            {
                await broker.DisposeAsync();
            }

            throw;
        }
    }

    /// <summary>Diagnostics of every process, for failure messages.</summary>
    public string Diagnostics() =>
        string.Concat(DataPlanes.Select(d => d.Diagnostics()).Prepend(ControlPlane.Diagnostics()));

    public async ValueTask DisposeAsync()
    {
        foreach (var dp in DataPlanes)
        {
            await dp.DisposeAsync();
        }

        await ControlPlane.DisposeAsync();
        await Broker.DisposeAsync();
    }
}

/// <summary>The control-plane process (HybridGateway.ControlPlane.dll) with its own ports and data directory.</summary>
public sealed class ControlPlaneNode : IAsyncDisposable
{
    private readonly string _logDirectory;
    private readonly IReadOnlyDictionary<string, string?> _extra;
    private ChildProcess? _process;

    public ControlPlaneNode(string dataDirectory, string logDirectory, string token, string rabbitMqUrl, IReadOnlyDictionary<string, string?>? extra = null)
    {
        DataDirectory = dataDirectory;
        _logDirectory = logDirectory;
        Token = token;
        RabbitMqUrl = rabbitMqUrl;
        _extra = extra ?? new Dictionary<string, string?>();
        AdminPort = FreePort.Next();
        ClusterPort = FreePort.Next();
        Admin = new HttpClient { BaseAddress = new Uri(AdminUrl), Timeout = TimeSpan.FromSeconds(30) };
    }

    public int AdminPort { get; }

    public int ClusterPort { get; }

    public string DataDirectory { get; }

    public string Token { get; }

    public string RabbitMqUrl { get; }

    public string AdminUrl => $"http://127.0.0.1:{AdminPort}";

    public string ClusterUrl => $"http://127.0.0.1:{ClusterPort}";

    /// <summary>The public key data planes trust snapshots with; the control plane writes it at start-up.</summary>
    public string SnapshotPublicKeyFile => Path.Combine(DataDirectory, "snapshot-signing-key.pub.pem");

    /// <summary>A client for the Admin API (base address set).</summary>
    public HttpClient Admin { get; }

    /// <summary>Extra configuration (e.g. Database__Provider) applied on every start.</summary>
    public Dictionary<string, string?> Overrides { get; } = [];

    public bool IsRunning => _process is { HasExited: false };

    /// <summary>Starts the process and waits until the Admin API answers <c>GET /status</c>.</summary>
    public async Task StartAsync()
    {
        if (IsRunning)
        {
            return;
        }

        Directory.CreateDirectory(DataDirectory);
        var env = new Dictionary<string, string?>(_extra)
        {
            ["Admin__Listen"] = AdminUrl,
            ["Cluster__Listen"] = ClusterUrl,
            ["Cluster__Token"] = Token,
            ["ControlPlane__DataDir"] = DataDirectory,
            ["RabbitMq__Url"] = RabbitMqUrl,
            ["Logging__LogLevel__Default"] = "Information",
            ["Logging__Console__FormatterOptions__TimestampFormat"] = "HH:mm:ss.fff ",
        };
        foreach (var (key, value) in Overrides)
        {
            env[key] = value;
        }

        _process = ChildProcess.StartDotnet("control-plane", RepoRoot.HostDll("ControlPlane"), env, Path.Combine(_logDirectory, "control-plane.log"));
        await WaitUntilHealthyAsync(_process, async () => (await Admin.GetAsync(new Uri("/status", UriKind.Relative))).IsSuccessStatusCode, "control plane GET /status");
    }

    public async Task StopAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync();
            _process = null;
        }
    }

    /// <summary>The entries of <c>GET /clustering/data-planes</c>.</summary>
    public async Task<IReadOnlyList<JsonObject>> DataPlaneEntriesAsync()
    {
        var body = await Admin.GetFromJsonAsync<JsonObject>(new Uri("/clustering/data-planes", UriKind.Relative));
        return body?["data"]?.AsArray().OfType<JsonObject>().ToList() ?? [];
    }

    public string Diagnostics() => _process?.Diagnostics() ?? $"{Environment.NewLine}--- control-plane is not running";

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        Admin.Dispose();
    }

    internal static async Task WaitUntilHealthyAsync(ChildProcess process, Func<Task<bool>> healthy, string what)
    {
        try
        {
            await Poll.UntilAsync(
                async () =>
                {
                    if (process.HasExited)
                    {
                        throw new InvalidOperationException($"{process.Name} exited during start-up");
                    }

                    return await healthy();
                },
                TimeSpan.FromSeconds(60),
                what);
        }
        catch (TimeoutException ex)
        {
            throw new InvalidOperationException($"{ex.Message}{process.Diagnostics()}", ex);
        }
    }
}

/// <summary>A data-plane process (HybridGateway.DataPlane.dll) with its own ports and disk cache.</summary>
public sealed class DataPlaneNode : IAsyncDisposable
{
    private readonly string _logDirectory;
    private readonly IReadOnlyDictionary<string, string?> _extra;
    private ChildProcess? _process;
    private int _starts;

    public DataPlaneNode(string name, string cacheDirectory, string logDirectory, string token, string controlPlaneUrl, string snapshotPublicKeyFile, string rabbitMqUrl, IReadOnlyDictionary<string, string?>? extra = null)
    {
        SnapshotPublicKeyFile = snapshotPublicKeyFile;
        Name = name;
        CacheDirectory = cacheDirectory;
        _logDirectory = logDirectory;
        Token = token;
        ControlPlaneUrl = controlPlaneUrl;
        RabbitMqUrl = rabbitMqUrl;
        _extra = extra ?? new Dictionary<string, string?>();
        ProxyPort = FreePort.Next();
        ProxyTlsPort = FreePort.Next();
        StatusPort = FreePort.Next();
        Proxy = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false, PooledConnectionLifetime = TimeSpan.FromSeconds(5) })
        {
            BaseAddress = new Uri(ProxyUrl),
            Timeout = TimeSpan.FromSeconds(30),
        };
        Status = new HttpClient { BaseAddress = new Uri(StatusUrl), Timeout = TimeSpan.FromSeconds(10) };
    }

    public string Name { get; }

    public int ProxyPort { get; }

    /// <summary>The TLS proxy port (the node's self-signed certificate unless overridden).</summary>
    public int ProxyTlsPort { get; }

    public int StatusPort { get; }

    public string CacheDirectory { get; }

    public string Token { get; }

    public string ControlPlaneUrl { get; }

    public string RabbitMqUrl { get; }

    public string ProxyUrl => $"http://127.0.0.1:{ProxyPort}";

    public string ProxyTlsUrl => $"https://127.0.0.1:{ProxyTlsPort}";

    public string StatusUrl => $"http://127.0.0.1:{StatusPort}";

    /// <summary>A client for the proxy port (base address set).</summary>
    public HttpClient Proxy { get; }

    /// <summary>The control plane's snapshot signing public key file (<c>Cluster:SnapshotPublicKey</c>).</summary>
    public string SnapshotPublicKeyFile { get; }

    /// <summary>Extra configuration applied on every start (wins over the defaults above).</summary>
    public Dictionary<string, string?> Overrides { get; } = [];

    /// <summary>A client for the status port (base address set).</summary>
    public HttpClient Status { get; }

    public bool IsRunning => _process is { HasExited: false };

    /// <summary>Starts the process and waits until <c>GET /status</c> answers (serving a config is not required).</summary>
    public async Task StartAsync()
    {
        if (IsRunning)
        {
            return;
        }

        _starts++;
        Directory.CreateDirectory(CacheDirectory);
        var env = new Dictionary<string, string?>(_extra)
        {
            ["Proxy__Listen"] = ProxyUrl,
            ["Proxy__TlsListen"] = ProxyTlsUrl,
            ["Status__Listen"] = StatusUrl,
            ["ControlPlane__Url"] = ControlPlaneUrl,
            ["Cluster__Token"] = Token,
            ["Cluster__SnapshotPublicKey"] = SnapshotPublicKeyFile,
            ["RabbitMq__Url"] = RabbitMqUrl,
            ["DataPlane__CacheDir"] = CacheDirectory,
            ["Heartbeat__IntervalSeconds"] = "1",
            // The safety-net poll of the control plane is pushed out of the way, so every change a test sees arrive
            // came over RabbitMQ (or the fetch at start-up / after a gap), never from a lucky poll.
            ["ControlPlane__PollIntervalSeconds"] = "3600",
            ["Logging__LogLevel__Default"] = "Information",
            ["Logging__Console__FormatterOptions__TimestampFormat"] = "HH:mm:ss.fff ",
        };
        foreach (var (key, value) in Overrides)
        {
            env[key] = value;
        }

        _process = ChildProcess.StartDotnet(Name, RepoRoot.HostDll("DataPlane"), env, Path.Combine(_logDirectory, $"{Name}.log"));
        await ControlPlaneNode.WaitUntilHealthyAsync(_process, async () => (await Status.GetAsync(new Uri("/status", UriKind.Relative))).IsSuccessStatusCode, $"{Name} GET /status");
    }

    public async Task StopAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync();
            _process = null;
        }
    }

    /// <summary><c>GET /status</c> of the node.</summary>
    public async Task<JsonObject> GetStatusAsync() =>
        await Status.GetFromJsonAsync<JsonObject>(new Uri("/status", UriKind.Relative)) ?? throw new InvalidOperationException($"{Name} /status returned null");

    /// <summary>The node id from <c>GET /status</c>.</summary>
    public async Task<string> GetNodeIdAsync() =>
        (await GetStatusAsync())["node_id"]?.ToString() ?? throw new InvalidOperationException($"{Name} /status has no node_id");

    /// <summary>The applied config version from <c>GET /status</c> (<c>config.version</c>), or null when none.</summary>
    public async Task<long?> GetAppliedVersionAsync()
    {
        var version = (await GetStatusAsync())["config"]?["version"];
        return version is null ? null : version.GetValue<long>();
    }

    /// <summary>True when <c>/health/ready</c> answers 200.</summary>
    public async Task<bool> IsReadyAsync()
    {
        using var response = await Status.GetAsync(new Uri("/health/ready", UriKind.Relative));
        return response.StatusCode == HttpStatusCode.OK;
    }

    public string Diagnostics() => _process?.Diagnostics() ?? $"{Environment.NewLine}--- {Name} is not running";

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        Proxy.Dispose();
        Status.Dispose();
    }
}
