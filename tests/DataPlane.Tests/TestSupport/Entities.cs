using System.Text.Json;
using HybridGateway.DataPlane.Snapshots;
using HybridGateway.Shared.Configuration;
using HybridGateway.Shared.Contracts;
using HybridGateway.Shared.Snapshots;

namespace HybridGateway.DataPlane.Tests.TestSupport;

/// <summary>Builders for config entities and snapshots used across tests.</summary>
internal static class Entities
{
    public static ServiceConfig Service(string host = "127.0.0.1", int port = 80, string? path = null, string protocol = "http", Guid? id = null, int retries = 5) => new()
    {
        Id = id ?? Guid.NewGuid(),
        Host = host,
        Port = port,
        Path = path,
        Protocol = protocol,
        Retries = retries,
    };

    public static RouteConfig Route(
        ServiceConfig? service = null,
        string[]? paths = null,
        string[]? hosts = null,
        string[]? methods = null,
        Dictionary<string, string[]>? headers = null,
        bool stripPath = true,
        bool preserveHost = false,
        int regexPriority = 0,
        string[]? protocols = null,
        string pathHandling = "v0",
        long createdAt = 0,
        Guid? id = null,
        string? name = null) => new()
        {
            Id = id ?? Guid.NewGuid(),
            Name = name,
            Service = service is null ? null : new EntityRef(service.Id),
            Paths = paths,
            Hosts = hosts,
            Methods = methods,
            Headers = headers?.ToDictionary(h => h.Key, h => (IReadOnlyList<string>)h.Value),
            StripPath = stripPath,
            PreserveHost = preserveHost,
            RegexPriority = regexPriority,
            Protocols = protocols ?? ["http", "https"],
            PathHandling = pathHandling,
            CreatedAt = createdAt,
        };

    public static PluginConfig Plugin(string name, object config, RouteConfig? route = null, ServiceConfig? service = null, Guid? consumer = null, bool enabled = true) => new()
    {
        Id = Guid.NewGuid(),
        Name = name,
        Config = JsonSerializer.SerializeToElement(config, GatewayJson.Options),
        Route = route is null ? null : new EntityRef(route.Id),
        Service = service is null ? null : new EntityRef(service.Id),
        Consumer = consumer is null ? null : new EntityRef(consumer.Value),
        Enabled = enabled,
    };

    public static SnapshotPayload Payload(long version, GatewayConfig config)
    {
        var (encoded, signature) = TestSnapshotKeys.Encode(version, config);
        return new SnapshotPayload(version, encoded.Hash, signature, encoded.Compressed);
    }

    public static ConfigVersionPublished Published(long version, GatewayConfig config, bool inline = true)
    {
        var (encoded, signature) = TestSnapshotKeys.Encode(version, config);
        return new ConfigVersionPublished
        {
            Version = version,
            Hash = encoded.Hash,
            Signature = signature,
            Size = encoded.Size,
            CompressedSize = encoded.Compressed.LongLength,
            Snapshot = inline ? encoded.Compressed : null,
            CreatedAt = DateTimeOffset.UtcNow,
        };
    }
}
