using HybridGateway.ControlPlane.Publishing;
using HybridGateway.Shared.Contracts;
using HybridGateway.Shared.Snapshots;
using MassTransit.Testing;

namespace HybridGateway.ControlPlane.Tests.Publishing;

public sealed class SnapshotPublisherTests
{
    [Test]
    public async Task StoredVersions_ArePublishedInOrder_InlineWhenSmall()
    {
        using var factory = new ControlPlaneFactory();
        using var client = factory.CreateClient();
        await client.CreateServiceAsync("svc");
        await client.CreateRouteAsync("svc", "r", "/a");
        var last = await factory.WaitForSnapshotAsync();

        var published = await WaitForPublishedAsync(factory, last.Version);
        Assert.That(published.Select(m => m.Version), Is.Ordered.Ascending);
        Assert.That(published.Select(m => m.Version).Distinct(), Is.EqualTo(Enumerable.Range(1, (int)last.Version).Select(i => (long)i)));

        var message = published.Single(m => m.Version == last.Version);
        Assert.That(message.Hash, Is.EqualTo(last.Hash));
        Assert.That(message.Snapshot, Is.EqualTo(last.Snapshot));
        Assert.That(message.CompressedSize, Is.EqualTo(last.CompressedSize));
        Assert.That(SnapshotCodec.Decode(message.Snapshot!, message.Hash).Routes, Has.Count.EqualTo(1));

        var versions = await WaitUntilAsync(async () => (await factory.VersionsAsync()).All(v => v.PublishedAt is not null));
        Assert.That(versions, Is.True, "every version is marked published");
    }

    [Test]
    public async Task LargeSnapshots_TravelAsClaimCheck()
    {
        using var factory = new ControlPlaneFactory(new() { ["Snapshots:InlineLimitBytes"] = "0" });
        using var client = factory.CreateClient();
        await client.CreateServiceAsync("svc");
        var last = await factory.WaitForSnapshotAsync();

        var message = (await WaitForPublishedAsync(factory, last.Version)).Single(m => m.Version == last.Version);
        Assert.That(message.Snapshot, Is.Null);
        Assert.That(message.Hash, Is.EqualTo(last.Hash));
        Assert.That(message.Size, Is.EqualTo(last.Size));
        Assert.That(message.CompressedSize, Is.EqualTo(last.CompressedSize));
    }

    [Test]
    public void ToMessage_InlineUpToTheLimitInclusive()
    {
        var row = Row("[]");
        Assert.That(SnapshotPublisher.ToMessage(row, 4, []).Snapshot, Is.Not.Null);
        Assert.That(SnapshotPublisher.ToMessage(row, 3, []).Snapshot, Is.Null);
    }

    [Test]
    public void ToMessage_CustomPluginConfigs_AreClaimChecksThatNameTheirPlugins()
    {
        var row = Row("""[{"name":"add-header","version":"1.2.0"},{"name":"jwt","version":null}]""");
        var message = SnapshotPublisher.ToMessage(row, 1024, [[new PluginInfo("add-header", "1.0.0"), new PluginInfo("jwt", "1.0.0")]]);

        Assert.That(message.Snapshot, Is.Null, "nodes carry custom plugins selectively: only the cluster endpoint may hand it out");
        Assert.That(message.RequiredPlugins, Is.EqualTo(new[] { new PluginRequirement("add-header", "1.2.0"), new PluginRequirement("jwt", null) }));
    }

    [Test]
    public void ToMessage_BundledPluginConfigs_AreInlineUnlessARecentNodeLacksOne()
    {
        var row = Row("""[{"name":"jwt","version":null}]""");
        PluginInfo[] withJwt = [new("jwt", "1.0.0"), new("cors", "1.0.0")];
        PluginInfo[] withoutJwt = [new("cors", "1.0.0")];

        Assert.That(SnapshotPublisher.ToMessage(row, 1024, [withJwt, withJwt]).Snapshot, Is.Not.Null);
        Assert.That(SnapshotPublisher.ToMessage(row, 1024, [withJwt, withoutJwt]).Snapshot, Is.Null);
    }

    private static HybridGateway.ControlPlane.Store.ConfigVersionRow Row(string requiredPlugins) =>
        new() { Version = 3, Hash = "h", Size = 10, CompressedSize = 4, Snapshot = [1, 2, 3, 4], CreatedAt = 0, RequiredPlugins = requiredPlugins };

    [Test]
    public async Task BrokerOutage_DelaysButNeverLosesVersions()
    {
        var flaky = new FlakyPublishEndpoint { Broken = true };
        using var factory = new ControlPlaneFactory { Flaky = flaky };
        using var client = factory.CreateClient();
        await client.CreateServiceAsync("a");
        await factory.WaitForSnapshotAsync();
        await client.CreateServiceAsync("b");
        var last = await factory.WaitForSnapshotAsync();

        Assert.That(await WaitUntilAsync(() => Task.FromResult(flaky.Failures >= 2)), Is.True, "publishing was attempted and failed");
        Assert.That((await factory.VersionsAsync()).All(v => v.PublishedAt is null), Is.True, "nothing marked published while the broker is down");

        flaky.Broken = false;
        var published = await WaitForPublishedAsync(factory, last.Version, TimeSpan.FromSeconds(20));
        Assert.That(published.Select(m => m.Version).Distinct(), Is.EqualTo(Enumerable.Range(1, (int)last.Version).Select(i => (long)i)), "every version, in order");
    }

    private static async Task<List<ConfigVersionPublished>> WaitForPublishedAsync(ControlPlaneFactory factory, long version, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (DateTime.UtcNow < deadline)
        {
            var messages = factory.Harness.Published.Select<ConfigVersionPublished>().Select(m => m.Context.Message).ToList();
            if (messages.Any(m => m.Version == version))
            {
                return messages;
            }

            await Task.Delay(20);
        }

        throw new TimeoutException($"version {version} was not published");
    }

    private static async Task<bool> WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            if (await condition())
            {
                return true;
            }

            await Task.Delay(20);
        }

        return false;
    }
}
