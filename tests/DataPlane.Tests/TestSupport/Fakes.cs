using HybridGateway.DataPlane.Forwarding;
using HybridGateway.DataPlane.Heartbeat;
using HybridGateway.DataPlane.Hosting;
using HybridGateway.DataPlane.Plugins;
using HybridGateway.DataPlane.Plugins.RequestTermination;
using HybridGateway.DataPlane.Runtime;
using HybridGateway.DataPlane.Snapshots;
using HybridGateway.DataPlane.Status;
using Microsoft.Extensions.Logging.Abstractions;

namespace HybridGateway.DataPlane.Tests.TestSupport;

/// <summary>A control plane in memory: versions by number and a "latest".</summary>
internal sealed class FakeControlPlane : IControlPlaneClient
{
    public Dictionary<long, SnapshotPayload> Versions { get; } = [];

    public bool Down { get; set; }

    public List<string> Calls { get; } = [];

    /// <summary>When set, "latest" answers only once this task completes (a slow or hung control plane).</summary>
    public Task? Hold { get; set; }

    /// <summary>When set, the control plane refuses every version with 409 plugin_incompatible, in these words.</summary>
    public string? RefuseWith { get; set; }

    public void Add(SnapshotPayload payload) => Versions[payload.Version] = payload;

    public async Task<SnapshotPayload?> GetLatestAsync(CancellationToken cancellationToken)
    {
        Calls.Add("latest");
        if (Hold is { } hold)
        {
            await hold.WaitAsync(cancellationToken);
        }

        ThrowIfDown();
        return Versions.Count == 0 ? null : RefuseIfAsked(Versions[Versions.Keys.Max()]);
    }

    public Task<SnapshotPayload> GetVersionAsync(long version, CancellationToken cancellationToken)
    {
        Calls.Add(version.ToString(System.Globalization.CultureInfo.InvariantCulture));
        ThrowIfDown();
        return Versions.TryGetValue(version, out var payload)
            ? Task.FromResult(RefuseIfAsked(payload))
            : throw new ControlPlaneException($"no version {version}");
    }

    private SnapshotPayload RefuseIfAsked(SnapshotPayload payload) =>
        RefuseWith is { } reason ? throw new PluginsIncompatibleException(payload.Version, payload.Hash, reason) : payload;

    private void ThrowIfDown()
    {
        if (Down)
        {
            throw new ControlPlaneException("control plane down");
        }
    }
}

/// <summary>Activates without YARP: the runtime is returned as is.</summary>
internal sealed class PassThroughActivator : IRuntimeActivator
{
    public int Activations { get; private set; }

    public Task<GatewayRuntime> ActivateAsync(GatewayRuntime runtime, long version, CancellationToken cancellationToken)
    {
        Activations++;
        return Task.FromResult(runtime);
    }
}

internal sealed class CountingHeartbeat : IHeartbeatTrigger
{
    public int Count { get; private set; }

    public void Trigger() => Count++;
}

/// <summary>A synchronizer wired to fakes and a real runtime builder and disk cache in a temporary directory.</summary>
internal sealed class SynchronizerRig : IDisposable
{
    public SynchronizerRig(DataPlaneSettings? settings = null)
    {
        Directory = Path.Combine(Path.GetTempPath(), "hg-dp-tests", Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
        Cache = new SnapshotCache(Path.Combine(Directory, SnapshotCache.FileName));
        Registry = new PluginRegistry([new RequestTerminationHandler(new NodeIdentity(Guid.NewGuid(), "test-host", "0.0.0-test"))]);
        Trust = new SnapshotTrust(settings ?? TestSettings.Read(("Cluster:Token", FakeControlPlaneServer.Token)));
        Synchronizer = new SnapshotSynchronizer(
            ControlPlane, Trust, Cache, new RuntimeBuilder(Registry), Activator, Holder, Status, Heartbeat, Registry, TimeProvider.System, NullLogger<SnapshotSynchronizer>.Instance);
    }

    public string Directory { get; }

    public FakeControlPlane ControlPlane { get; } = new();

    public PassThroughActivator Activator { get; } = new();

    public RuntimeHolder Holder { get; } = new();

    public DataPlaneStatus Status { get; } = new();

    public CountingHeartbeat Heartbeat { get; } = new();

    public PluginRegistry Registry { get; }

    public SnapshotCache Cache { get; }

    public SnapshotTrust Trust { get; }

    public SnapshotSynchronizer Synchronizer { get; }

    public void Dispose()
    {
        Trust.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

internal static class TestSettings
{
    public static DataPlaneSettings Read(params (string Key, string Value)[] values)
    {
        // Every node trusts the test run's snapshot key unless a test says otherwise.
        var settings = values.Any(v => v.Key == DataPlaneSettings.SnapshotPublicKeyKey)
            ? values
            : [.. values, (DataPlaneSettings.SnapshotPublicKeyKey, TestSnapshotKeys.PublicKeyFile)];
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();
        return DataPlaneSettings.Read(configuration);
    }
}
