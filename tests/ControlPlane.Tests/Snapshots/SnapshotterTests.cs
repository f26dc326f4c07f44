using System.Diagnostics;
using HybridGateway.ControlPlane.Snapshots;
using HybridGateway.ControlPlane.Store;
using HybridGateway.Shared.Snapshots;
using Microsoft.EntityFrameworkCore;

namespace HybridGateway.ControlPlane.Tests.Snapshots;

public sealed class SnapshotterTests : ControlPlaneTest
{
    [Test]
    public async Task EmptyStore_StoresEmptyConfigAsVersion1()
    {
        var version = await Factory.WaitForSnapshotAsync();
        Assert.That(version.Version, Is.EqualTo(1));
        Assert.That(version.Revision, Is.EqualTo(0));
        Assert.That(version.Hash, Is.EqualTo(SnapshotCodec.EmptyConfigHash));
    }

    [Test]
    public async Task EachChange_GetsAStoredVersion_WithTheRightHashAndContent()
    {
        await Factory.WaitForSnapshotAsync();
        var service = await Client.CreateServiceAsync("svc");
        var v2 = await Factory.WaitForSnapshotAsync();
        await Client.CreateRouteAsync("svc", "r", "/a");
        var v3 = await Factory.WaitForSnapshotAsync();

        Assert.That(v2.Version, Is.EqualTo(2));
        Assert.That(v3.Version, Is.EqualTo(3));
        Assert.That(v3.Revision, Is.GreaterThan(v2.Revision));

        var config = SnapshotCodec.Decode(v3.Snapshot, v3.Hash);
        Assert.That(config.Services.Single().Id.ToString(), Is.EqualTo((string?)service["id"]));
        Assert.That(config.Routes.Single().Paths, Is.EqualTo(new[] { "/a" }));
        Assert.That(SnapshotCodec.Encode(config).Hash, Is.EqualTo(v3.Hash), "the stored hash is the hash of the canonical config");
        Assert.That(v3.Size, Is.GreaterThan(v3.CompressedSize));
        Assert.That(v3.CompressedSize, Is.EqualTo(v3.Snapshot.LongLength));
    }

    [Test]
    public async Task Versions_AreContiguousAndMonotonic_AndBurstsCoalesce()
    {
        await Factory.WaitForSnapshotAsync();
        var writes = Enumerable.Range(0, 30).Select(i => Client.CreateServiceAsync($"svc{i}"));
        await Task.WhenAll(writes);
        var last = await Factory.WaitForSnapshotAsync();

        var versions = await Factory.VersionsAsync();
        Assert.That(versions.Select(v => v.Version), Is.EqualTo(Enumerable.Range(1, versions.Count).Select(i => (long)i)), "no gaps");
        Assert.That(versions.Select(v => v.Revision), Is.Ordered.Ascending);
        Assert.That(versions.Select(v => v.Revision).Distinct().Count(), Is.EqualTo(versions.Count));
        Assert.That(await Factory.RevisionAsync(), Is.EqualTo(30));
        Assert.That(versions.Count, Is.LessThanOrEqualTo(31), "at most one version per change, fewer when a burst coalesces");
        Assert.That(SnapshotCodec.Decode(last.Snapshot, last.Hash).Services, Has.Count.EqualTo(30), "the last version has every change");
        TestContext.Out.WriteLine($"30 concurrent writes -> {versions.Count - 1} versions");
    }

    [Test]
    public async Task EveryChange_IsSnapshottedOnItsSignal_WithoutWaitingForThePoll()
    {
        // With an hour-long poll, only the commit's own signal can produce these versions: no debounce, no timer.
        using var factory = new ControlPlaneFactory(new() { ["Snapshots:PollIntervalSeconds"] = "3600" });
        using var client = factory.CreateClient();
        await factory.WaitForSnapshotAsync();

        var samples = new List<double>();
        for (var i = 0; i < 10; i++)
        {
            var stopwatch = Stopwatch.StartNew();
            await client.CreateServiceAsync($"svc{i}");
            var created = stopwatch.Elapsed;
            var stored = await factory.WaitForSnapshotAsync(TimeSpan.FromSeconds(30));
            samples.Add((stopwatch.Elapsed - created).TotalMilliseconds);
            Assert.That(SnapshotCodec.Decode(stored.Snapshot, stored.Hash).Services.Select(s => s.Name), Does.Contain($"svc{i}"));
        }

        samples.Sort();
        // Reported, not asserted: timings belong to bench/, not to tests.
        TestContext.Out.WriteLine($"201 -> snapshot stored: p50 {samples[5]:F1} ms, max {samples[^1]:F1} ms");
    }

    [Test]
    public async Task InvalidWholeConfig_IsNotStored()
    {
        await Factory.WaitForSnapshotAsync();
        await Client.CreateServiceAsync("svc");
        var good = await Factory.WaitForSnapshotAsync();

        // Corrupt the store behind the Admin API's back: a route pointing at no service (FKs off for the write).
        await using (var db = Factory.Db())
        {
            await db.Database.OpenConnectionAsync();
            await db.Database.ExecuteSqlRawAsync("PRAGMA foreign_keys = OFF;");
            var id = Guid.NewGuid().ToString();
            var missing = Guid.NewGuid().ToString();
            var document = $$$"""{"id":"{{{id}}}","created_at":1,"updated_at":1,"name":"orphan","protocols":["http","https"],"methods":null,"hosts":null,"paths":["/o"],"headers":null,"snis":null,"https_redirect_status_code":426,"regex_priority":0,"strip_path":true,"path_handling":"v0","preserve_host":false,"request_buffering":true,"response_buffering":true,"tags":null,"service":{"id":"{{{missing}}}"}}""";
            await db.Database.ExecuteSqlRawAsync("INSERT INTO routes (Id, CreatedAt, Document, Name, ServiceId) VALUES ({0}, 1, {1}, 'orphan', {2});", id, document, missing);
            await db.ConfigState.ExecuteUpdateAsync(s => s.SetProperty(r => r.Revision, r => r.Revision + 1));
        }

        var outcome = await Factory.Get<Snapshotter>().SnapshotAsync(CancellationToken.None);
        Assert.That(outcome, Is.EqualTo(SnapshotOutcome.Invalid));
        var versions = await Factory.VersionsAsync();
        Assert.That(versions[^1].Version, Is.EqualTo(good.Version), "nothing stored, nothing to publish");
    }

    [Test]
    public async Task OldPublishedVersions_ArePruned_KeepingTheWindow()
    {
        using var factory = new ControlPlaneFactory(new() { ["Snapshots:RetainVersions"] = "3" });
        using var client = factory.CreateClient();
        for (var i = 0; i < 6; i++)
        {
            await client.CreateServiceAsync($"svc{i}");
            await factory.WaitForSnapshotAsync();
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while ((await factory.VersionsAsync()).Any(v => v.PublishedAt is null) && DateTime.UtcNow < deadline)
            {
                await Task.Delay(10);
            }
        }

        var versions = await factory.VersionsAsync();
        Assert.That(versions.Count, Is.LessThanOrEqualTo(4));
        Assert.That(versions[^1].Version, Is.EqualTo(7), "numbering continues");
    }

    [Test]
    public async Task UpToDateStore_StoresNothing()
    {
        await Factory.WaitForSnapshotAsync();
        Assert.That(await Factory.Get<Snapshotter>().SnapshotAsync(CancellationToken.None), Is.EqualTo(SnapshotOutcome.UpToDate));
    }

    [Test]
    public async Task Restart_KeepsVersionsAndContinuesNumbering()
    {
        await Factory.WaitForSnapshotAsync();
        await Client.CreateServiceAsync("svc");
        var before = await Factory.WaitForSnapshotAsync();

        using var restarted = new ControlPlaneFactory(new() { ["ControlPlane:DataDir"] = Factory.DataDir });
        using var client = restarted.CreateClient();
        Assert.That((int)(await client.GetAsync("/services/svc")).StatusCode, Is.EqualTo(200));
        await client.CreateServiceAsync("svc2");
        var after = await restarted.WaitForSnapshotAsync();
        Assert.That(after.Version, Is.EqualTo(before.Version + 1));
    }
}
