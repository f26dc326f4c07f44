using System.Collections.Concurrent;
using HybridGateway.Shared.Configuration;

namespace HybridGateway.DataPlane.Plugins.Jwt;

/// <summary>
/// Tokens that verified, by the whole token string, so a repeated token skips decoding and the signature. One cache
/// per plugin instance and config version (owned by that version's <see cref="Authentication.ConsumerDirectory"/>),
/// so any config change starts empty. An entry never outlives the token's <c>exp</c> nor <see cref="MaxAgeSeconds"/>.
/// </summary>
internal sealed class JwtTokenCache
{
    public const int MaxEntries = 10_000;

    /// <summary>Bounds how long a token without <c>exp</c> skips verification.</summary>
    public const long MaxAgeSeconds = 60;

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    // ConcurrentDictionary.Count takes every lock; this approximate count does not.
    private int _count;

    public int Count => Volatile.Read(ref _count);

    public bool TryGet(string token, long now, out JwtCredential? credential, out ConsumerConfig? consumer)
    {
        if (_entries.TryGetValue(token, out var entry))
        {
            if (now < entry.ValidUntil)
            {
                credential = entry.Credential;
                consumer = entry.Consumer;
                return true;
            }

            if (_entries.TryRemove(token, out _))
            {
                Interlocked.Decrement(ref _count);
            }
        }

        credential = null;
        consumer = null;
        return false;
    }

    /// <summary>
    /// Caches a successful verification. Once nbf and maximum_expiration passed they keep passing; exp is honoured by
    /// ending the entry at <paramref name="expiration"/>.
    /// </summary>
    public void Add(string token, JwtCredential credential, ConsumerConfig consumer, double? expiration, long now)
    {
        var validUntil = Math.Min(expiration ?? double.PositiveInfinity, now + MaxAgeSeconds);
        if (validUntil <= now || !_entries.TryAdd(token, new Entry(credential, consumer, validUntil)))
        {
            return;
        }

        // Full: start over rather than track recency; expired entries of unseen tokens go too.
        if (Interlocked.Increment(ref _count) > MaxEntries)
        {
            _entries.Clear();
            Volatile.Write(ref _count, 0);
        }
    }

    private sealed record Entry(JwtCredential Credential, ConsumerConfig Consumer, double ValidUntil);
}
