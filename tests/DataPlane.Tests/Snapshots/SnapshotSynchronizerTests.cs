using HybridGateway.DataPlane.Runtime;
using HybridGateway.DataPlane.Tests.TestSupport;
using HybridGateway.Shared.Configuration;
using HybridGateway.Shared.Contracts;
using static HybridGateway.DataPlane.Tests.TestSupport.Entities;

namespace HybridGateway.DataPlane.Tests.Snapshots;

public sealed class SnapshotSynchronizerTests
{
    private static GatewayConfig ConfigWithRoute(string path)
    {
        var service = Service();
        return new GatewayConfig { Services = [service], Routes = [Route(service, paths: [path])] };
    }

    [Test]
    public async Task HandlePublished_FirstInlineVersion_AppliesAndWritesCache()
    {
        using var rig = new SynchronizerRig();
        await rig.Synchronizer.HandlePublishedAsync(Published(1, ConfigWithRoute("/a")), CancellationToken.None);

        Assert.That(rig.Holder.Current?.Version, Is.EqualTo(1));
        Assert.That(rig.Holder.Current?.Source, Is.EqualTo(ConfigSource.Bus));
        Assert.That(rig.Cache.TryRead()?.Version, Is.EqualTo(1));
        Assert.That(rig.Heartbeat.Count, Is.EqualTo(1));
        Assert.That(rig.ControlPlane.Calls, Is.Empty);
    }

    [Test]
    public async Task HandlePublished_UsingAPluginThisNodeLacks_IsRefusedUnopened_AndTheLastConfigKeepsServing()
    {
        using var rig = new SynchronizerRig();
        await rig.Synchronizer.HandlePublishedAsync(Published(1, ConfigWithRoute("/a")), CancellationToken.None);
        var serving = rig.Holder.Current;

        // Bytes that could not even be opened: the refusal comes from the requirements alone.
        var message = Published(2, ConfigWithRoute("/b")) with
        {
            Snapshot = [1, 2, 3],
            RequiredPlugins = [new PluginRequirement("request-termination", null), new PluginRequirement("add-header", "1.0.0")],
        };
        await rig.Synchronizer.HandlePublishedAsync(message, CancellationToken.None);
        await rig.Synchronizer.HandlePublishedAsync(message, CancellationToken.None);

        Assert.That(rig.Holder.Current, Is.SameAs(serving));
        Assert.That(rig.Status.LastApplyError?.Version, Is.EqualTo(2));
        Assert.That(rig.Status.LastApplyError?.Message, Is.EqualTo("version 2 uses plugins this data plane cannot run: plugin 'add-header' is not available on this data plane"));
        Assert.That(rig.Heartbeat.Count, Is.EqualTo(2), "one report for the apply, one for the refusal (not one per repeat)");
        Assert.That(rig.ControlPlane.Calls, Is.Empty);

        // The refused version counts as seen: the next one follows without a gap fetch.
        await rig.Synchronizer.HandlePublishedAsync(Published(3, ConfigWithRoute("/c")), CancellationToken.None);
        Assert.That(rig.Holder.Current?.Version, Is.EqualTo(3));
        Assert.That(rig.ControlPlane.Calls, Is.Empty);
    }

    [Test]
    public async Task ControlPlaneRefusesTheVersion_IsReportedOnce_AndTheLastConfigKeepsServing()
    {
        using var rig = new SynchronizerRig();
        await rig.Synchronizer.HandlePublishedAsync(Published(1, ConfigWithRoute("/a")), CancellationToken.None);
        rig.ControlPlane.Add(Payload(2, ConfigWithRoute("/b")));
        rig.ControlPlane.RefuseWith = "version 2 uses plugins this data plane cannot run: plugin 'add-header' is not available on this data plane";

        await rig.Synchronizer.HandlePublishedAsync(Published(2, ConfigWithRoute("/b"), inline: false), CancellationToken.None);
        Assert.That(await rig.Synchronizer.FetchLatestAsync(CancellationToken.None), Is.True, "the control plane answered");

        Assert.That(rig.ControlPlane.Calls, Is.EqualTo(new[] { "2", "latest" }));
        Assert.That(rig.Holder.Current?.Version, Is.EqualTo(1));
        Assert.That(rig.Status.LastApplyError?.Message, Is.EqualTo(rig.ControlPlane.RefuseWith));
        Assert.That(rig.Heartbeat.Count, Is.EqualTo(2));

        // The next version it can run (the plugin's instances removed) is handed over and applied.
        rig.ControlPlane.RefuseWith = null;
        rig.ControlPlane.Add(Payload(3, ConfigWithRoute("/c")));
        Assert.That(await rig.Synchronizer.FetchLatestAsync(CancellationToken.None), Is.True);
        Assert.That(rig.Holder.Current?.Version, Is.EqualTo(3));
    }

    [Test]
    public async Task HandlePublished_OlderOrEqualVersion_IsIgnored()
    {
        using var rig = new SynchronizerRig();
        await rig.Synchronizer.HandlePublishedAsync(Published(5, ConfigWithRoute("/five")), CancellationToken.None);
        var applied = rig.Holder.Current;

        await rig.Synchronizer.HandlePublishedAsync(Published(5, ConfigWithRoute("/other")), CancellationToken.None);
        await rig.Synchronizer.HandlePublishedAsync(Published(3, ConfigWithRoute("/three")), CancellationToken.None);

        Assert.That(rig.Holder.Current, Is.SameAs(applied));
        Assert.That(rig.Activator.Activations, Is.EqualTo(1));
        Assert.That(rig.ControlPlane.Calls, Is.Empty);
    }

    [Test]
    public async Task HandlePublished_NextVersion_AppliesInline()
    {
        using var rig = new SynchronizerRig();
        await rig.Synchronizer.HandlePublishedAsync(Published(1, ConfigWithRoute("/a")), CancellationToken.None);
        await rig.Synchronizer.HandlePublishedAsync(Published(2, ConfigWithRoute("/b")), CancellationToken.None);

        Assert.That(rig.Holder.Current?.Version, Is.EqualTo(2));
        Assert.That(rig.ControlPlane.Calls, Is.Empty);
    }

    [Test]
    public async Task HandlePublished_Gap_FetchesLatestInstead()
    {
        using var rig = new SynchronizerRig();
        await rig.Synchronizer.HandlePublishedAsync(Published(1, ConfigWithRoute("/a")), CancellationToken.None);
        rig.ControlPlane.Add(Payload(4, ConfigWithRoute("/d")));

        await rig.Synchronizer.HandlePublishedAsync(Published(3, ConfigWithRoute("/c")), CancellationToken.None);

        Assert.That(rig.ControlPlane.Calls, Is.EqualTo(new[] { "latest" }));
        Assert.That(rig.Holder.Current?.Version, Is.EqualTo(4));
        Assert.That(rig.Holder.Current?.Source, Is.EqualTo(ConfigSource.Fetch));
    }

    [Test]
    public async Task HandlePublished_FarFutureVersion_IsNotTakenOnTrust()
    {
        using var rig = new SynchronizerRig();
        var config = ConfigWithRoute("/a");
        await rig.Synchronizer.HandlePublishedAsync(Published(1, config), CancellationToken.None);
        rig.ControlPlane.Add(Payload(1, config));

        await rig.Synchronizer.HandlePublishedAsync(Published(1_000_000, ConfigWithRoute("/rogue")), CancellationToken.None);
        rig.ControlPlane.Add(Payload(2, ConfigWithRoute("/b")));
        await rig.Synchronizer.HandlePublishedAsync(Published(2, ConfigWithRoute("/b")), CancellationToken.None);

        Assert.That(rig.ControlPlane.Calls, Is.EqualTo(new[] { "latest" }));
        Assert.That(rig.Holder.Current?.Version, Is.EqualTo(2), "the real next version still applies");
        Assert.That(rig.Status.LastApplyError, Is.Null);
    }

    [Test]
    public async Task HandlePublished_AfterRefusedVersion_NextVersionIsNoGap()
    {
        using var rig = new SynchronizerRig();
        await rig.Synchronizer.HandlePublishedAsync(Published(1, ConfigWithRoute("/a")), CancellationToken.None);
        await rig.Synchronizer.HandlePublishedAsync(Published(2, ConfigWithRoute("/b") with { Plugins = [Plugin("nope", new { })] }), CancellationToken.None);

        await rig.Synchronizer.HandlePublishedAsync(Published(3, ConfigWithRoute("/c")), CancellationToken.None);

        Assert.That(rig.Holder.Current?.Version, Is.EqualTo(3));
        Assert.That(rig.ControlPlane.Calls, Is.Empty);
    }

    [Test]
    public async Task HandlePublished_ClaimCheck_FetchesThatVersion()
    {
        using var rig = new SynchronizerRig();
        await rig.Synchronizer.HandlePublishedAsync(Published(1, ConfigWithRoute("/a")), CancellationToken.None);
        var config = ConfigWithRoute("/big");
        rig.ControlPlane.Add(Payload(2, config));

        await rig.Synchronizer.HandlePublishedAsync(Published(2, config, inline: false), CancellationToken.None);

        Assert.That(rig.ControlPlane.Calls, Is.EqualTo(new[] { "2" }));
        Assert.That(rig.Holder.Current?.Version, Is.EqualTo(2));
    }

    [Test]
    public async Task HandlePublished_ClaimCheckWithControlPlaneDown_KeepsServingAndDoesNotThrow()
    {
        using var rig = new SynchronizerRig();
        await rig.Synchronizer.HandlePublishedAsync(Published(1, ConfigWithRoute("/a")), CancellationToken.None);
        rig.ControlPlane.Down = true;

        await rig.Synchronizer.HandlePublishedAsync(Published(2, ConfigWithRoute("/b"), inline: false), CancellationToken.None);

        Assert.That(rig.Holder.Current?.Version, Is.EqualTo(1));
    }

    [Test]
    public async Task HandlePublished_InvalidConfig_KeepsOldRuntimeAndRecordsError()
    {
        using var rig = new SynchronizerRig();
        await rig.Synchronizer.HandlePublishedAsync(Published(1, ConfigWithRoute("/a")), CancellationToken.None);
        var good = rig.Holder.Current;
        var bad = ConfigWithRoute("/b") with { Plugins = [Plugin("no-such-plugin", new { })] };
        var heartbeatsBefore = rig.Heartbeat.Count;

        await rig.Synchronizer.HandlePublishedAsync(Published(2, bad), CancellationToken.None);

        Assert.That(rig.Holder.Current, Is.SameAs(good));
        Assert.That(rig.Status.LastApplyError?.Version, Is.EqualTo(2));
        Assert.That(rig.Status.LastApplyError?.Message, Does.Contain("no-such-plugin"));
        Assert.That(rig.Cache.TryRead()?.Version, Is.EqualTo(1), "a refused version is never cached");
        Assert.That(rig.Heartbeat.Count, Is.EqualTo(heartbeatsBefore + 1), "failures are reported at once");
    }

    [Test]
    public async Task HandlePublished_CorruptBytes_KeepsOldRuntime()
    {
        using var rig = new SynchronizerRig();
        await rig.Synchronizer.HandlePublishedAsync(Published(1, ConfigWithRoute("/a")), CancellationToken.None);
        var message = Published(2, ConfigWithRoute("/b"));
        message.Snapshot![message.Snapshot.Length / 2] ^= 0xFF;

        await rig.Synchronizer.HandlePublishedAsync(message, CancellationToken.None);

        Assert.That(rig.Holder.Current?.Version, Is.EqualTo(1));
        Assert.That(rig.Status.LastApplyError?.Version, Is.EqualTo(2));
    }

    [Test]
    public async Task ApplySuccess_AfterFailure_ClearsError()
    {
        using var rig = new SynchronizerRig();
        await rig.Synchronizer.HandlePublishedAsync(Published(1, ConfigWithRoute("/a") with { Plugins = [Plugin("nope", new { })] }), CancellationToken.None);
        Assert.That(rig.Status.LastApplyError, Is.Not.Null);
        Assert.That(rig.Holder.Current, Is.Null);

        await rig.Synchronizer.HandlePublishedAsync(Published(2, ConfigWithRoute("/b")), CancellationToken.None);

        Assert.That(rig.Status.LastApplyError, Is.Null);
        Assert.That(rig.Holder.Current?.Version, Is.EqualTo(2));
    }

    [Test]
    public async Task SameHashNewerVersion_UpdatesVersionWithoutRebuilding()
    {
        using var rig = new SynchronizerRig();
        var config = ConfigWithRoute("/a");
        await rig.Synchronizer.HandlePublishedAsync(Published(1, config), CancellationToken.None);
        var runtime = rig.Holder.Current!.Runtime;

        await rig.Synchronizer.HandlePublishedAsync(Published(2, config), CancellationToken.None);

        Assert.That(rig.Holder.Current!.Version, Is.EqualTo(2));
        Assert.That(rig.Holder.Current.Runtime, Is.SameAs(runtime));
        Assert.That(rig.Activator.Activations, Is.EqualTo(1));
    }

    [Test]
    public async Task FetchLatest_SlowControlPlane_DoesNotHoldUpBusApplies()
    {
        using var rig = new SynchronizerRig();
        await rig.Synchronizer.HandlePublishedAsync(Published(1, ConfigWithRoute("/a")), CancellationToken.None);
        var release = new TaskCompletionSource();
        rig.ControlPlane.Hold = release.Task;
        rig.ControlPlane.Add(Payload(1, ConfigWithRoute("/a")));
        var fetch = rig.Synchronizer.FetchLatestAsync(CancellationToken.None);

        await rig.Synchronizer.HandlePublishedAsync(Published(2, ConfigWithRoute("/b")), CancellationToken.None);
        Assert.That(rig.Holder.Current?.Version, Is.EqualTo(2), "applied while the fetch was still waiting");

        release.SetResult();
        Assert.That(await fetch, Is.True);
        Assert.That(rig.Holder.Current?.Version, Is.EqualTo(2), "the older fetched version does not win");
    }

    [Test]
    public async Task FetchLatest_NoVersionOnControlPlane_SucceedsWithoutConfig()
    {
        using var rig = new SynchronizerRig();
        Assert.That(await rig.Synchronizer.FetchLatestAsync(CancellationToken.None), Is.True);
        Assert.That(rig.Holder.Current, Is.Null);
    }

    [Test]
    public async Task FetchLatest_ControlPlaneDown_ReturnsFalse()
    {
        using var rig = new SynchronizerRig();
        rig.ControlPlane.Down = true;
        Assert.That(await rig.Synchronizer.FetchLatestAsync(CancellationToken.None), Is.False);
    }

    [Test]
    public async Task FetchLatest_OlderThanApplied_IsIgnored()
    {
        using var rig = new SynchronizerRig();
        await rig.Synchronizer.HandlePublishedAsync(Published(7, ConfigWithRoute("/a")), CancellationToken.None);
        rig.ControlPlane.Add(Payload(6, ConfigWithRoute("/old")));

        await rig.Synchronizer.FetchLatestAsync(CancellationToken.None);

        Assert.That(rig.Holder.Current?.Version, Is.EqualTo(7));
    }

    [Test]
    public async Task LoadCache_ValidCache_ServesItWithSourceCache()
    {
        using var rig = new SynchronizerRig();
        rig.Cache.Write(Payload(9, ConfigWithRoute("/cached")));

        Assert.That(await rig.Synchronizer.LoadCacheAsync(CancellationToken.None), Is.True);
        Assert.That(rig.Holder.Current?.Version, Is.EqualTo(9));
        Assert.That(rig.Holder.Current?.Source, Is.EqualTo(ConfigSource.Cache));
        Assert.That(rig.Status.CacheStatus, Is.EqualTo("loaded"));
    }

    [Test]
    public async Task LoadCache_TruncatedCache_IsRefusedAndReported()
    {
        using var rig = new SynchronizerRig();
        rig.Cache.Write(Payload(9, ConfigWithRoute("/cached")));
        var bytes = await File.ReadAllBytesAsync(rig.Cache.FilePath);
        await File.WriteAllBytesAsync(rig.Cache.FilePath, bytes[..^10]);

        Assert.That(await rig.Synchronizer.LoadCacheAsync(CancellationToken.None), Is.False);
        Assert.That(rig.Holder.Current, Is.Null);
        Assert.That(rig.Status.CacheStatus, Does.StartWith("corrupt"));
    }

    [Test]
    public async Task LoadCache_NoCache_ReportsNone()
    {
        using var rig = new SynchronizerRig();
        Assert.That(await rig.Synchronizer.LoadCacheAsync(CancellationToken.None), Is.False);
        Assert.That(rig.Status.CacheStatus, Is.EqualTo("none"));
    }
}
