using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using HybridGateway.Shared.Configuration;

namespace HybridGateway.Shared.Snapshots;

/// <summary>
/// Turns a <see cref="GatewayConfig"/> into canonical JSON, its SHA-256 and gzip bytes, and back.
/// Decoding is defensive: snapshots come from the network and from disk.
/// </summary>
public static class SnapshotCodec
{
    /// <summary>The largest uncompressed snapshot a data plane accepts (protects against decompression bombs).</summary>
    public const long DefaultMaxSize = 512L * 1024 * 1024;

    /// <summary>The hash of the empty configuration, for comparisons without encoding it.</summary>
    public static string EmptyConfigHash { get; } = Encode(GatewayConfig.Empty).Hash;

    /// <summary>Renders <paramref name="config"/> canonically, hashes and compresses it.</summary>
    public static EncodedSnapshot Encode(GatewayConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var canonical = CanonicalJson.Serialize(config.ToCanonicalOrder(), GatewayJson.Options);
        return new EncodedSnapshot(HashOf(canonical), canonical.LongLength, Compress(canonical));
    }

    /// <summary>Lower-case hex SHA-256 of <paramref name="canonicalJson"/>.</summary>
    public static string HashOf(ReadOnlySpan<byte> canonicalJson) =>
        Convert.ToHexStringLower(SHA256.HashData(canonicalJson));

    /// <summary>
    /// Decompresses and parses a snapshot, checking it against <paramref name="expectedHash"/>.
    /// Throws <see cref="SnapshotFormatException"/> for anything unusable.
    /// </summary>
    public static GatewayConfig Decode(ReadOnlySpan<byte> compressed, string expectedHash, long maxSize = DefaultMaxSize)
    {
        var canonical = Decompress(compressed, maxSize);
        var actualHash = HashOf(canonical);
        if (!CryptographicOperations.FixedTimeEquals(
                System.Text.Encoding.ASCII.GetBytes(actualHash),
                System.Text.Encoding.ASCII.GetBytes(expectedHash ?? string.Empty)))
        {
            throw new SnapshotFormatException($"snapshot hash mismatch: expected {expectedHash}, got {actualHash}");
        }

        try
        {
            return JsonSerializer.Deserialize<GatewayConfig>(canonical, GatewayJson.Options)
                ?? throw new SnapshotFormatException("snapshot is JSON null");
        }
        catch (JsonException ex)
        {
            throw new SnapshotFormatException($"snapshot is not a valid configuration: {ex.Message}", ex);
        }
    }

    /// <summary>gzip-compresses bytes.</summary>
    public static byte[] Compress(ReadOnlySpan<byte> data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(data);
        }

        return output.ToArray();
    }

    /// <summary>Decompresses gzip bytes, refusing output larger than <paramref name="maxSize"/>.</summary>
    public static byte[] Decompress(ReadOnlySpan<byte> compressed, long maxSize = DefaultMaxSize)
    {
        try
        {
            using var input = new MemoryStream(compressed.ToArray(), writable: false);
            using var gzip = new GZipStream(input, CompressionMode.Decompress);
            using var output = new MemoryStream();
            var buffer = new byte[81920];
            int read;
            while ((read = gzip.Read(buffer, 0, buffer.Length)) > 0)
            {
                if (output.Length + read > maxSize)
                {
                    throw new SnapshotFormatException($"snapshot is larger than the limit of {maxSize} bytes");
                }

                output.Write(buffer, 0, read);
            }

            return output.ToArray();
        }
        catch (InvalidDataException ex)
        {
            throw new SnapshotFormatException("snapshot is not valid gzip data (corrupt or truncated)", ex);
        }
        catch (EndOfStreamException ex)
        {
            throw new SnapshotFormatException("snapshot is truncated", ex);
        }
    }
}
