using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using HybridGateway.Shared.Configuration;
using HybridGateway.Shared.Contracts;
using HybridGateway.Shared.Snapshots;
using HybridGateway.Tests.Common;
using MassTransit;

namespace HybridGateway.EndToEnd.Tests.Cluster;

/// <summary>
/// A snapshot that cannot be applied arrives over the real exchange (published by a MassTransit bus in this process,
/// as a rogue or buggy publisher would): every node refuses it, keeps serving its config, and says so.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class CorruptedSnapshotTests
{
    public enum Corruption
    {
        GarbageGzip,
        HashMismatch,
        InvalidConfig,
        Unsigned,
        SignedByAnotherKey,
        ReplayedOldVersion,
    }

    // The first three are signed with the control plane's own key (a buggy control plane), so the checks behind the
    // signature are exercised too; the last three are what a rogue publisher on the broker could send.
    [TestCase(Corruption.GarbageGzip, "not valid gzip")]
    [TestCase(Corruption.HashMismatch, "hash mismatch")]
    [TestCase(Corruption.InvalidConfig, "")]
    [TestCase(Corruption.Unsigned, "is not signed")]
    [TestCase(Corruption.SignedByAnotherKey, "is signed by key")]
    [TestCase(Corruption.ReplayedOldVersion, "fails its signature check")]
    public async Task CorruptNextVersionPublished_Refused_OldConfigServes_ApplyFailedReported(Corruption corruption, string reason)
    {
        var a = ClusterSetUp.UpstreamA;
        var system = ClusterSetUp.System;
        var (_, _, path) = await Kong.CreateServiceAndRouteAsync(a.Url, $"pre-{corruption}".ToLowerInvariant());
        var versions = await ServingVersionsAsync(path);

        // The version right after the current one (what a corrupted message in transit would look like), so the node
        // has to open it: a version gap would make it fetch the latest from the control plane instead.
        var version = versions.Values.Max() + 1;
        await PublishAsync(system.Broker.Url, await CorruptAsync(corruption, version));

        foreach (var node in system.DataPlanes)
        {
            // The node says why, in its own status (last_apply_error: {version, message, at}) ...
            var status = await Poll.UntilAsync(
                async () =>
                {
                    var s = await node.GetStatusAsync();
                    return s["last_apply_error"]?["version"]?.GetValue<long>() == version ? s : null;
                },
                what: $"{node.Name} /status to report version {version} as failed");
            Assert.That(status["last_apply_error"]?["message"]?.ToString(), Is.Not.Empty.And.Contain(reason), status.ToJsonString());
            Assert.That(status["config"]?["version"]?.GetValue<long>(), Is.EqualTo(versions[node]), $"{node.Name} kept its version: {status.ToJsonString()}");
            TestContext.Progress.WriteLine($"{node.Name} refused {corruption}: {status["last_apply_error"]?["message"]}");

            // ... the control plane shows it ...
            var entry = await Poll.UntilAsync(
                async () =>
                {
                    var e = await Kong.ClusteringEntryAsync(node);
                    return e?["status"]?.ToString() == "apply_failed" ? e : null;
                },
                what: $"/clustering/data-planes to show {node.Name} as apply_failed");
            Assert.That(entry["last_apply_error"]?.ToString(), Is.Not.Null.And.Not.Empty, entry.ToJsonString());
            Assert.That(entry["config_version"]?.GetValue<long>(), Is.EqualTo(versions[node]), entry.ToJsonString());

            // ... and it keeps proxying with the old config.
            var (code, body, response) = await Kong.ProxyAsync(node, HttpMethod.Get, path);
            response.Dispose();
            Assert.That(code, Is.EqualTo(HttpStatusCode.OK), $"{node.Name}: {body}");
        }

        // The control plane's real next version (the same number as the refused one) is applied and clears the state.
        await ChangeAndConvergeAsync($"post-{corruption}");
    }

    [Test]
    public async Task RogueFarFutureVersionPublished_NodesKeepServing_AndFollowTheRealNextChange()
    {
        var a = ClusterSetUp.UpstreamA;
        var system = ClusterSetUp.System;
        var (_, _, path) = await Kong.CreateServiceAndRouteAsync(a.Url, "pre-rogue");
        var versions = await ServingVersionsAsync(path);

        // A version far ahead is a gap for every node: it must not be taken on trust.
        await PublishAsync(system.Broker.Url, await CorruptAsync(Corruption.InvalidConfig, versions.Values.Max() + 1_000_000));

        await ChangeAndConvergeAsync("post-rogue");
        await Kong.WaitForEchoOnAllAsync(path, e => e.Upstream == a.Name);
        foreach (var node in system.DataPlanes)
        {
            var status = await node.GetStatusAsync();
            Assert.That(status["config"]?["version"]?.GetValue<long>(), Is.LessThan(versions[node] + 1_000_000), status.ToJsonString());
        }
    }

    private static async Task<Dictionary<DataPlaneNode, long>> ServingVersionsAsync(string path)
    {
        await Kong.WaitForEchoOnAllAsync(path, e => e.Upstream == ClusterSetUp.UpstreamA.Name);
        var versions = new Dictionary<DataPlaneNode, long>();
        foreach (var node in ClusterSetUp.System.DataPlanes)
        {
            versions[node] = await Poll.UntilValueAsync(node.GetAppliedVersionAsync, what: $"{node.Name} version");
        }

        return versions;
    }

    private static async Task ChangeAndConvergeAsync(string prefix)
    {
        var a = ClusterSetUp.UpstreamA;
        var (_, _, after) = await Kong.CreateServiceAndRouteAsync(a.Url, prefix.ToLowerInvariant());
        await Kong.WaitForEchoOnAllAsync(after, e => e.Upstream == a.Name);
        foreach (var node in ClusterSetUp.System.DataPlanes)
        {
            await Poll.UntilAsync(
                async () => (await Kong.ClusteringEntryAsync(node))?["status"]?.ToString() == "in_sync",
                what: $"/clustering/data-planes to show {node.Name} in_sync again");
            var status = await node.GetStatusAsync();
            Assert.That(status["last_apply_error"], Is.Null, $"{node.Name} cleared its apply error: {status.ToJsonString()}");
        }
    }

    private static async Task<ConfigVersionPublished> CorruptAsync(Corruption corruption, long version)
    {
        var controlPlane = ClusterSetUp.System.ControlPlane;
        using var ownKey = SnapshotSigner.FromPem(await File.ReadAllTextAsync(Path.Combine(controlPlane.DataDirectory, "snapshot-signing-key.pem")));
        var valid = SnapshotCodec.Encode(GatewayConfig.Empty);
        switch (corruption)
        {
            case Corruption.GarbageGzip:
                var garbage = Encoding.UTF8.GetBytes("this is not gzip at all");
                return Message(version, valid.Hash, valid.Size, garbage, ownKey.Sign(version, valid.Hash));
            case Corruption.HashMismatch:
                var other = SnapshotCodec.Encode(new GatewayConfig
                {
                    Services = [new ServiceConfig { Id = Guid.NewGuid(), Name = "rogue", Host = "127.0.0.1", Port = 9 }],
                });
                return Message(version, valid.Hash, other.Size, other.Compressed, ownKey.Sign(version, valid.Hash));
            case Corruption.InvalidConfig:
                // Well-formed, correctly hashed, but it fails validation: a plugin nobody has, on a route without a service.
                using (var config = JsonDocument.Parse("{}"))
                {
                    var invalid = SnapshotCodec.Encode(new GatewayConfig
                    {
                        Routes = [new RouteConfig { Id = Guid.NewGuid(), Paths = ["/rogue"], Service = new EntityRef(Guid.NewGuid()) }],
                        Plugins = [new PluginConfig { Id = Guid.NewGuid(), Name = "no-such-plugin", Config = config.RootElement.Clone() }],
                    });
                    return Message(version, invalid.Hash, invalid.Size, invalid.Compressed, ownKey.Sign(version, invalid.Hash));
                }

            case Corruption.Unsigned:
                return Message(version, valid.Hash, valid.Size, valid.Compressed, signature: null);
            case Corruption.SignedByAnotherKey:
                using (var rogue = SnapshotSigner.FromPem(SnapshotSigner.CreatePem()))
                {
                    return Message(version, valid.Hash, valid.Size, valid.Compressed, rogue.Sign(version, valid.Hash));
                }

            case Corruption.ReplayedOldVersion:
                // The control plane's own, validly signed latest snapshot, announced as a newer version.
                using (var client = new HttpClient { BaseAddress = new Uri(controlPlane.ClusterUrl) })
                {
                    client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", controlPlane.Token);
                    using var latest = await client.GetAsync(new Uri("/v1/snapshots/latest", UriKind.Relative));
                    latest.EnsureSuccessStatusCode();
                    var bytes = await latest.Content.ReadAsByteArrayAsync();
                    return Message(version, latest.Headers.GetValues("X-Config-Hash").Single(), bytes.LongLength, bytes, latest.Headers.GetValues("X-Config-Signature").Single());
                }

            default:
                throw new ArgumentOutOfRangeException(nameof(corruption));
        }
    }

    private static ConfigVersionPublished Message(long version, string hash, long size, byte[] snapshot, string? signature) => new()
    {
        Version = version,
        Hash = hash,
        Size = size,
        CompressedSize = snapshot.LongLength,
        Snapshot = snapshot,
        Signature = signature,
        CreatedAt = DateTimeOffset.UtcNow,
    };

    private static async Task PublishAsync(string rabbitMqUrl, ConfigVersionPublished message)
    {
        var bus = Bus.Factory.CreateUsingRabbitMq(cfg => cfg.Host(new Uri(rabbitMqUrl)));
        await bus.StartAsync(TimeSpan.FromSeconds(30));
        try
        {
            await bus.Publish(message);
        }
        finally
        {
            await bus.StopAsync(TimeSpan.FromSeconds(30));
        }
    }
}
