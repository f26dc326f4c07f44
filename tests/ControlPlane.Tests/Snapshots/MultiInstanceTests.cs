using HybridGateway.Shared.Snapshots;

namespace HybridGateway.ControlPlane.Tests.Snapshots;

/// <summary>Two control-plane instances on one database: one revision sequence, one contiguous version sequence.</summary>
public sealed class MultiInstanceTests
{
    [Test]
    public async Task TwoInstances_ShareOneDatabase_WithoutDuplicateOrMissingVersions()
    {
        using var first = new ControlPlaneFactory();
        using var second = new ControlPlaneFactory(new() { ["ControlPlane:DataDir"] = first.DataDir });
        using var a = first.CreateClient();
        using var b = second.CreateClient();
        await first.WaitForSnapshotAsync();
        await second.WaitForSnapshotAsync();

        var writes = Enumerable.Range(0, 20).Select(i => (i % 2 == 0 ? a : b).CreateServiceAsync($"svc{i}"));
        await Task.WhenAll(writes);
        var duplicate = await b.PostJsonAsync("/services", """{"name":"svc0","host":"h"}""");
        Assert.That((int)duplicate.StatusCode, Is.EqualTo(409), "uniqueness holds across instances");

        var last = await first.WaitForSnapshotAsync(TimeSpan.FromSeconds(15));
        await second.WaitForSnapshotAsync(TimeSpan.FromSeconds(15));
        var versions = await first.VersionsAsync();

        Assert.That(versions.Select(v => v.Version), Is.EqualTo(Enumerable.Range(1, versions.Count).Select(i => (long)i)));
        Assert.That(versions.Select(v => v.Revision), Is.Ordered.Ascending);
        Assert.That(versions.Select(v => v.Revision).Distinct().Count(), Is.EqualTo(versions.Count));
        Assert.That(SnapshotCodec.Decode(last.Snapshot, last.Hash).Services, Has.Count.EqualTo(20));
    }
}
