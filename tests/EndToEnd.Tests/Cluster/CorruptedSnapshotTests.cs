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
    }

    private static long _bump = 1_000_000;

    [TestCase(Corruption.GarbageGzip)]
    [TestCase(Corruption.HashMismatch)]
    [TestCase(Corruption.InvalidConfig)]
    public async Task CorruptSnapshotPublished_Refused_OldConfigServes_ApplyFailedReported(Corruption corruption)
    {
        var a = ClusterSetUp.UpstreamA;
        var system = ClusterSetUp.System;
        var (_, _, path) = await Kong.CreateServiceAndRouteAsync(a.Url, $"pre-{corruption}".ToLowerInvariant());
        await Kong.WaitForEchoOnAllAsync(path, e => e.Upstream == a.Name);
        var versions = new Dictionary<DataPlaneNode, long>();
        foreach (var node in system.DataPlanes)
        {
            versions[node] = await Poll.UntilValueAsync(node.GetAppliedVersionAsync, what: $"{node.Name} version");
        }

        // A version far above anything real, so "older or equal: ignore" cannot be why it is refused.
        var version = versions.Values.Max() + Interlocked.Add(ref _bump, 1_000_000);
        await PublishAsync(system.Broker.Url, Corrupt(corruption, version));

        foreach (var node in system.DataPlanes)
        {
            // The node says why, in its own status ...
            var status = await Poll.UntilAsync(
                async () =>
                {
                    var s = await node.GetStatusAsync();
                    return FindError(s) is not null ? s : null;
                },
                what: $"{node.Name} /status to report the failed apply");
            Assert.That(status["config"]?["version"]?.GetValue<long>(), Is.EqualTo(versions[node]), $"{node.Name} kept its version: {status}");

            // ... and the control plane shows it.
            var entry = await Poll.UntilAsync(
                async () =>
                {
                    var e = await Kong.ClusteringEntryAsync(node);
                    return e?["status"]?.ToString() == "apply_failed" ? e : null;
                },
                what: $"/clustering/data-planes to show {node.Name} as apply_failed");
            Assert.That(entry["last_apply_error"]?.ToString(), Is.Not.Null.And.Not.Empty, entry.ToJsonString());
            Assert.That(entry["config_version"]?.GetValue<long>(), Is.EqualTo(versions[node]), entry.ToJsonString());

            // ... while it keeps proxying with the old config.
            var (code, body, response) = await Kong.ProxyAsync(node, HttpMethod.Get, path);
            response.Dispose();
            Assert.That(code, Is.EqualTo(HttpStatusCode.OK), $"{node.Name}: {body}");
        }

        // A real change afterwards is applied (the rogue high version did not block the node) and clears the state.
        var (_, _, after) = await Kong.CreateServiceAndRouteAsync(a.Url, $"post-{corruption}".ToLowerInvariant());
        await Kong.WaitForEchoOnAllAsync(after, e => e.Upstream == a.Name);
        foreach (var node in system.DataPlanes)
        {
            await Poll.UntilAsync(
                async () => (await Kong.ClusteringEntryAsync(node))?["status"]?.ToString() == "in_sync",
                what: $"/clustering/data-planes to show {node.Name} in_sync again");
        }
    }

    private static ConfigVersionPublished Corrupt(Corruption corruption, long version)
    {
        var valid = SnapshotCodec.Encode(GatewayConfig.Empty);
        switch (corruption)
        {
            case Corruption.GarbageGzip:
                var garbage = Encoding.UTF8.GetBytes("this is not gzip at all");
                return Message(version, valid.Hash, valid.Size, garbage);
            case Corruption.HashMismatch:
                var other = SnapshotCodec.Encode(new GatewayConfig
                {
                    Services = [new ServiceConfig { Id = Guid.NewGuid(), Name = "rogue", Host = "127.0.0.1", Port = 9 }],
                });
                return Message(version, valid.Hash, other.Size, other.Compressed);
            case Corruption.InvalidConfig:
                // Well-formed, correctly hashed, but it fails validation: a plugin nobody has, on a route without a service.
                using (var config = JsonDocument.Parse("{}"))
                {
                    var invalid = SnapshotCodec.Encode(new GatewayConfig
                    {
                        Routes = [new RouteConfig { Id = Guid.NewGuid(), Paths = ["/rogue"], Service = new EntityRef(Guid.NewGuid()) }],
                        Plugins = [new PluginConfig { Id = Guid.NewGuid(), Name = "no-such-plugin", Config = config.RootElement.Clone() }],
                    });
                    return Message(version, invalid.Hash, invalid.Size, invalid.Compressed);
                }

            default:
                throw new ArgumentOutOfRangeException(nameof(corruption));
        }
    }

    private static ConfigVersionPublished Message(long version, string hash, long size, byte[] snapshot) => new()
    {
        Version = version,
        Hash = hash,
        Size = size,
        CompressedSize = snapshot.LongLength,
        Snapshot = snapshot,
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

    /// <summary>
    /// The apply error in a data plane's /status. The contract names the field only in /clustering/data-planes
    /// (<c>last_apply_error</c>), so any non-empty string property whose name ends in "error" counts.
    /// </summary>
    private static string? FindError(JsonNode? node) => node switch
    {
        JsonObject obj => obj.Select(p =>
                p.Key.EndsWith("error", StringComparison.OrdinalIgnoreCase) && p.Value is JsonValue v && v.TryGetValue<string>(out var s) && s.Length > 0
                    ? s
                    : FindError(p.Value))
            .FirstOrDefault(s => s is not null),
        JsonArray array => array.Select(FindError).FirstOrDefault(s => s is not null),
        _ => null,
    };
}
