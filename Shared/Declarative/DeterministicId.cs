using System.Security.Cryptography;
using System.Text;

namespace HybridGateway.Shared.Declarative;

/// <summary>
/// Name-based UUIDs (RFC 9562 version 5) for entities a declarative file gives without an id, so loading the same
/// file twice gives the same ids, the same snapshot and the same hash.
/// </summary>
public static class DeterministicId
{
    // A fixed namespace of our own (random once, never to change).
    private static readonly Guid Namespace = Guid.Parse("1f3c6a52-9d2e-4f57-b8a0-6c1d2e7f4a93");

    public static Guid For(string entity, string key)
    {
        var name = Encoding.UTF8.GetBytes($"{entity}\n{key}");
        var input = new byte[16 + name.Length];
        Namespace.TryWriteBytes(input, bigEndian: true, out _);
        name.CopyTo(input, 16);
#pragma warning disable CA5350 // SHA-1 is what version 5 UUIDs are defined with; nothing here relies on collision resistance against an attacker.
        var hash = SHA1.HashData(input);
#pragma warning restore CA5350
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }
}
