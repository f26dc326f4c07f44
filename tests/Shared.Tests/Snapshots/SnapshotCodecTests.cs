using System.Text;
using System.Text.Json;
using HybridGateway.Shared.Configuration;
using HybridGateway.Shared.Snapshots;

namespace HybridGateway.Shared.Tests.Snapshots;

public sealed class SnapshotCodecTests
{
    private static readonly Guid ServiceA = Guid.Parse("00000000-0000-0000-0000-00000000000a");
    private static readonly Guid ServiceB = Guid.Parse("00000000-0000-0000-0000-00000000000b");

    private static GatewayConfig Sample(bool reversed = false)
    {
        ServiceConfig[] services =
        [
            new() { Id = ServiceA, Name = "a", Host = "a.example" },
            new() { Id = ServiceB, Name = "b", Host = "b.example", Tags = ["x"] },
        ];
        return new GatewayConfig
        {
            Services = reversed ? [.. services.Reverse()] : services,
            Routes = [new RouteConfig { Id = Guid.NewGuid(), Paths = ["/a"], Service = new EntityRef(ServiceA) }],
        };
    }

    [Test]
    public void Encode_SameContentInAnyOrder_SameHashAndBytes()
    {
        var config = Sample();
        var reordered = config with { Services = [.. config.Services.Reverse()] };

        var first = SnapshotCodec.Encode(config);
        var second = SnapshotCodec.Encode(reordered);

        Assert.That(second.Hash, Is.EqualTo(first.Hash));
        Assert.That(first.Hash, Does.Match("^[0-9a-f]{64}$"));
    }

    [Test]
    public void Encode_DifferentContent_DifferentHash()
    {
        var config = Sample();
        var changed = config with { Services = [config.Services[0] with { Port = 81 }, config.Services[1]] };

        Assert.That(SnapshotCodec.Encode(changed).Hash, Is.Not.EqualTo(SnapshotCodec.Encode(config).Hash));
    }

    [Test]
    public void Decode_RoundTrip_GivesEqualCanonicalForm()
    {
        var config = Sample();
        var encoded = SnapshotCodec.Encode(config);

        var decoded = SnapshotCodec.Decode(encoded.Compressed, encoded.Hash);

        Assert.That(SnapshotCodec.Encode(decoded).Hash, Is.EqualTo(encoded.Hash));
        Assert.That(decoded.Services.Select(s => s.Name), Is.EqualTo(new[] { "a", "b" }));
    }

    [Test]
    public void Decode_WrongHash_Refused()
    {
        var encoded = SnapshotCodec.Encode(Sample());

        var ex = Assert.Throws<SnapshotFormatException>(() => SnapshotCodec.Decode(encoded.Compressed, new string('0', 64)));
        Assert.That(ex!.Message, Does.Contain("hash mismatch"));
    }

    [Test]
    public void Decode_Truncated_Refused()
    {
        var encoded = SnapshotCodec.Encode(Sample());

        Assert.Throws<SnapshotFormatException>(() => SnapshotCodec.Decode(encoded.Compressed.AsSpan(0, encoded.Compressed.Length / 2), encoded.Hash));
    }

    [Test]
    public void Decode_Garbage_Refused()
    {
        Assert.Throws<SnapshotFormatException>(() => SnapshotCodec.Decode("not gzip at all"u8, new string('0', 64)));
    }

    [Test]
    public void Decode_LargerThanLimit_Refused()
    {
        var encoded = SnapshotCodec.Encode(Sample());

        var ex = Assert.Throws<SnapshotFormatException>(() => SnapshotCodec.Decode(encoded.Compressed, encoded.Hash, maxSize: 10));
        Assert.That(ex!.Message, Does.Contain("larger than the limit"));
    }

    [Test]
    public void Decode_ValidGzipOfNonConfig_Refused()
    {
        var bytes = Encoding.UTF8.GetBytes("[1,2,3]");
        var compressed = SnapshotCodec.Compress(bytes);

        Assert.Throws<SnapshotFormatException>(() => SnapshotCodec.Decode(compressed, SnapshotCodec.HashOf(bytes)));
    }

    [Test]
    public void CanonicalJson_SortsKeysRecursively()
    {
        using var document = JsonDocument.Parse("""{"b":{"y":1,"x":[{"d":1,"c":2}]},"a":"é/"}""");

        var canonical = Encoding.UTF8.GetString(CanonicalJson.Canonicalize(document.RootElement));

        Assert.That(canonical, Is.EqualTo("""{"a":"é/","b":{"x":[{"c":2,"d":1}],"y":1}}"""));
    }

    [Test]
    public void EmptyConfigHash_IsStable()
    {
        Assert.That(SnapshotCodec.Encode(new GatewayConfig()).Hash, Is.EqualTo(SnapshotCodec.EmptyConfigHash));
    }
}
