using HybridGateway.DataPlane.Snapshots;
using HybridGateway.DataPlane.Tests.TestSupport;
using HybridGateway.Shared.Configuration;
using HybridGateway.Shared.Snapshots;
using static HybridGateway.DataPlane.Tests.TestSupport.Entities;

namespace HybridGateway.DataPlane.Tests.Snapshots;

public sealed class SnapshotCacheTests
{
    private string _directory = null!;
    private SnapshotCache _cache = null!;

    [SetUp]
    public void SetUp()
    {
        _directory = Path.Combine(Path.GetTempPath(), "hg-dp-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_directory);
        _cache = new SnapshotCache(Path.Combine(_directory, SnapshotCache.FileName));
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_directory, recursive: true);

    private static SnapshotPayload Sample(long version = 3)
    {
        var service = Service();
        return Payload(version, new GatewayConfig { Services = [service], Routes = [Route(service, paths: ["/x"])] });
    }

    [Test]
    public void WriteThenRead_RoundTrips()
    {
        var payload = Sample();
        _cache.Write(payload);
        var read = _cache.TryRead()!;
        Assert.That(read.Version, Is.EqualTo(payload.Version));
        Assert.That(read.Hash, Is.EqualTo(payload.Hash));
        Assert.That(read.Compressed, Is.EqualTo(payload.Compressed));
        Assert.That(SnapshotCodec.Decode(read.Compressed, read.Hash).Routes, Has.Count.EqualTo(1));
    }

    [Test]
    public void Write_LeavesNoTemporaryFiles_AndReplacesOldContent()
    {
        _cache.Write(Sample(1));
        _cache.Write(Sample(2));
        Assert.That(Directory.GetFiles(_directory).Select(Path.GetFileName), Is.EqualTo(new[] { SnapshotCache.FileName }));
        Assert.That(_cache.TryRead()!.Version, Is.EqualTo(2));
    }

    [Test]
    public void Read_Missing_ReturnsNull() => Assert.That(_cache.TryRead(), Is.Null);

    [TestCase(1, TestName = "Read_TruncatedByOneByte_Throws")]
    [TestCase(100, TestName = "Read_TruncatedHeavily_Throws")]
    public void Read_Truncated_Throws(int cut)
    {
        _cache.Write(Sample());
        var bytes = File.ReadAllBytes(_cache.FilePath);
        File.WriteAllBytes(_cache.FilePath, bytes[..Math.Max(0, bytes.Length - cut)]);
        Assert.That(() => _cache.TryRead(), Throws.TypeOf<SnapshotFormatException>());
    }

    [Test]
    public void Read_Garbage_Throws()
    {
        File.WriteAllText(_cache.FilePath, "not a snapshot");
        Assert.That(() => _cache.TryRead(), Throws.TypeOf<SnapshotFormatException>());
    }

    [Test]
    public void Read_FlippedByte_FailsHashCheckOnDecode()
    {
        _cache.Write(Sample());
        var bytes = File.ReadAllBytes(_cache.FilePath);
        bytes[^20] ^= 0x5A;
        File.WriteAllBytes(_cache.FilePath, bytes);
        var read = _cache.TryRead()!;
        Assert.That(() => SnapshotCodec.Decode(read.Compressed, read.Hash), Throws.TypeOf<SnapshotFormatException>());
    }
}
