using System.Collections.Concurrent;
using System.Security.Cryptography;
using HybridGateway.Shared.Configuration;
using HybridGateway.Shared.Plugins.BasicAuth;

namespace HybridGateway.DataPlane.Plugins.BasicAuth;

/// <summary>
/// Checks basic-auth passwords against the config version's PBKDF2 hashes and remembers the ones that matched, so a
/// client sending the same credentials again costs one HMAC instead of a key derivation. One verifier per config
/// version (owned by its <see cref="Authentication.ConsumerDirectory"/>), so a changed or deleted credential is never
/// served from a stale entry.
/// </summary>
internal sealed class BasicAuthVerifier
{
    public const int MaxEntries = 10_000;

    // The cache never holds a password, nor a fast hash of one that a memory dump could brute-force: entries are
    // keyed by an HMAC under a key that lives only in this process.
    private static readonly byte[] ProcessKey = RandomNumberGenerator.GetBytes(32);

    private readonly ConcurrentDictionary<string, byte> _verified = new(StringComparer.Ordinal);
    private int _count;

    public int Count => Volatile.Read(ref _count);

    /// <summary>True when <paramref name="password"/> is <paramref name="credential"/>'s password.</summary>
    public bool Verify(BasicAuthCredentialConfig credential, ReadOnlySpan<byte> password)
    {
        ArgumentNullException.ThrowIfNull(credential);
        var key = CacheKey(credential, password);
        if (_verified.ContainsKey(key))
        {
            return true;
        }

        if (!BasicAuthPasswords.Verify(password, credential.Password))
        {
            // Failures are not remembered: an attacker could fill the cache with them.
            return false;
        }

        if (_verified.TryAdd(key, 0) && Interlocked.Increment(ref _count) > MaxEntries)
        {
            // Full: start over rather than track recency.
            _verified.Clear();
            Volatile.Write(ref _count, 0);
        }

        return true;
    }

    // The credential's id opens the key, so an entry only ever vouches for that credential; its hash cannot change
    // within the config version this verifier belongs to.
    private static string CacheKey(BasicAuthCredentialConfig credential, ReadOnlySpan<byte> password)
    {
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(ProcessKey, password, mac);
        return $"{credential.Id:N}:{Convert.ToBase64String(mac)}";
    }
}
