using System.Buffers.Binary;
using System.Text.Json;
using HybridGateway.DataPlane.Hosting;
using HybridGateway.Shared.Snapshots;

namespace HybridGateway.DataPlane.Snapshots;

/// <summary>
/// The disk cache of the last good snapshot: one file holding a header (version, hash, length) and the compressed
/// bytes, written atomically. A file that is corrupt, truncated or does not match its hash is refused.
/// </summary>
internal sealed class SnapshotCache
{
    public const string FileName = "snapshot.bin";

    /// <summary>Largest compressed snapshot accepted from disk.</summary>
    private const long MaxCompressed = 256L * 1024 * 1024;

    private static readonly byte[] Magic = "HGSNAP1\n"u8.ToArray();

    public SnapshotCache(DataPlaneSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        FilePath = Path.Combine(settings.CacheDir, FileName);
    }

    public SnapshotCache(string filePath)
    {
        ArgumentNullException.ThrowIfNull(filePath);
        FilePath = filePath;
    }

    public string FilePath { get; }

    /// <summary>Writes the snapshot atomically.</summary>
    public void Write(SnapshotPayload payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        var header = JsonSerializer.SerializeToUtf8Bytes(new CacheHeader(payload.Version, payload.Hash, payload.Signature, payload.Compressed.LongLength));
        var content = new byte[Magic.Length + 4 + header.Length + payload.Compressed.Length];
        Magic.CopyTo(content, 0);
        BinaryPrimitives.WriteInt32BigEndian(content.AsSpan(Magic.Length), header.Length);
        header.CopyTo(content, Magic.Length + 4);
        payload.Compressed.CopyTo(content, Magic.Length + 4 + header.Length);
        AtomicFile.Write(FilePath, content);
    }

    /// <summary>
    /// Reads the cached snapshot: null when there is none; throws <see cref="SnapshotFormatException"/> when the file
    /// is unusable. The bytes are decoded and hash-checked by the caller (<see cref="SnapshotCodec.Decode"/>), but the
    /// framing (magic, header, exact length) is checked here so truncation is caught even before decompression.
    /// </summary>
    public SnapshotPayload? TryRead()
    {
        if (!File.Exists(FilePath))
        {
            return null;
        }

        byte[] content;
        try
        {
            var length = new FileInfo(FilePath).Length;
            if (length > MaxCompressed + 64 * 1024)
            {
                throw new SnapshotFormatException($"cache file is larger than {MaxCompressed} bytes");
            }

            content = File.ReadAllBytes(FilePath);
        }
        catch (IOException ex)
        {
            throw new SnapshotFormatException($"cache file cannot be read: {ex.Message}", ex);
        }

        if (content.Length < Magic.Length + 4 || !content.AsSpan(0, Magic.Length).SequenceEqual(Magic))
        {
            throw new SnapshotFormatException("cache file is not a snapshot cache (bad magic or truncated)");
        }

        var headerLength = BinaryPrimitives.ReadInt32BigEndian(content.AsSpan(Magic.Length));
        if (headerLength <= 0 || headerLength > 4096 || Magic.Length + 4 + headerLength > content.Length)
        {
            throw new SnapshotFormatException("cache file header is corrupt or truncated");
        }

        CacheHeader? header;
        try
        {
            header = JsonSerializer.Deserialize<CacheHeader>(content.AsSpan(Magic.Length + 4, headerLength));
        }
        catch (JsonException ex)
        {
            throw new SnapshotFormatException("cache file header is not valid JSON", ex);
        }

        if (header is null || header.Version <= 0 || string.IsNullOrEmpty(header.Hash) || header.Length < 0)
        {
            throw new SnapshotFormatException("cache file header is incomplete");
        }

        var dataStart = Magic.Length + 4 + headerLength;
        if (content.Length - dataStart != header.Length)
        {
            throw new SnapshotFormatException($"cache file is truncated or has trailing bytes: expected {header.Length} bytes of snapshot, found {content.Length - dataStart}");
        }

        return new SnapshotPayload(header.Version, header.Hash, header.Signature, content[dataStart..]);
    }

    // The signature is kept, so the cache is verified like any other source before it is served.
    private sealed record CacheHeader(long Version, string Hash, string? Signature, long Length);
}
