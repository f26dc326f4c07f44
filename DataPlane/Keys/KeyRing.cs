using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using HybridGateway.Shared.Configuration;
using HybridGateway.Shared.Jose;
using HybridGateway.Shared.Keys;
using Microsoft.Extensions.Primitives;

namespace HybridGateway.DataPlane.Keys;

/// <summary>A key of a key set, loaded once per config version, with the algorithm it signs with.</summary>
internal sealed record RingKey(KeyConfig Config, Signer Signer);

/// <summary>A key set: its keys (oldest first) and its public JWKS, rendered once per config version.</summary>
internal sealed record RingSet(KeySetConfig Config, IReadOnlyList<RingKey> Keys, byte[] Jwks, string ETag)
{
    public const string JwksContentType = "application/jwk-set+json";

    /// <summary>
    /// The JWKS answer, for the status port and the <c>jwks</c> plugin alike: 304 without a body when
    /// <paramref name="ifNoneMatch"/> is this version's ETag, else 200 with the keys; cacheable for
    /// <paramref name="maxAgeSeconds"/>, with the ETag.
    /// </summary>
    public (int Status, byte[]? Body, IReadOnlyDictionary<string, string> Headers) JwksResponse(StringValues ifNoneMatch, int maxAgeSeconds)
    {
        var headers = new Dictionary<string, string>
        {
            ["Cache-Control"] = "public, max-age=" + maxAgeSeconds.ToString(CultureInfo.InvariantCulture),
            ["ETag"] = ETag,
        };
        return ifNoneMatch == ETag ? (StatusCodes.Status304NotModified, null, headers) : (StatusCodes.Status200OK, Jwks, headers);
    }
}

/// <summary>
/// The key sets of one config version, for the signing plugins and the JWKS endpoints. Rotation works by membership:
/// a set publishes every key it holds (the active one, the next one added ahead of use, retired ones until they are
/// deleted), and a signer uses the key its plugin names by <c>kid</c>, else the set's newest key that can sign.
/// </summary>
internal sealed class KeyRing
{
    public static KeyRing Empty { get; } = new(FrozenDictionary<string, RingSet>.Empty);

    private readonly FrozenDictionary<string, RingSet> _sets;

    // Which key signs for (set, kid, algorithm) is fixed for the version: worked out once, not per request.
    private readonly ConcurrentDictionary<(string Set, string? Kid, JwsAlgorithm? Algorithm), Signer?> _signers = new();

    private KeyRing(FrozenDictionary<string, RingSet> sets) => _sets = sets;

    /// <summary>Loads every key of <paramref name="config"/>; a key that does not load is an error of the version.</summary>
    public static KeyRing Build(GatewayConfig config, ICollection<string> errors)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(errors);
        if (config.KeySets.Count == 0)
        {
            return Empty;
        }

        var keysBySet = new Dictionary<Guid, List<RingKey>>();
        foreach (var key in config.Keys.Where(k => k.Set is not null).OrderBy(k => k.CreatedAt).ThenBy(k => k.Id))
        {
            var loaded = KeyMaterial.Load(key);
            if (loaded.Key is not { } signing)
            {
                errors.Add($"keys {key.Id}: {loaded.Error}");
                continue;
            }

            // The JWK's own alg (already checked against the key by KeyMaterial), else the key's default.
            var algorithm = loaded.Algorithm ?? JwsWriter.DefaultAlgorithm(signing);
            (keysBySet.TryGetValue(key.Set!.Id, out var list) ? list : keysBySet[key.Set.Id] = []).Add(new RingKey(key, new Signer(signing, algorithm, key.Kid)));
        }

        var sets = new Dictionary<string, RingSet>(StringComparer.Ordinal);
        foreach (var set in config.KeySets)
        {
            var keys = keysBySet.GetValueOrDefault(set.Id) ?? [];
            var jwks = new JsonObject
            {
                ["keys"] = new JsonArray([.. keys.Select(k => PublicJwk.Of(k.Signer.Key, k.Config.Kid, k.Config.Jwk is null ? null : k.Signer.Algorithm)).OfType<JsonObject>()]),
            };
            var bytes = System.Text.Encoding.UTF8.GetBytes(jwks.ToJsonString());
            var ring = new RingSet(set, keys, bytes, $"\"{Convert.ToHexStringLower(SHA256.HashData(bytes))[..32]}\"");
            sets[set.Id.ToString()] = ring;
            if (set.Name is not null)
            {
                sets[set.Name] = ring;
            }
        }

        return new KeyRing(sets.ToFrozenDictionary(StringComparer.Ordinal));
    }

    /// <summary>The set named by id or name.</summary>
    public RingSet? Find(string idOrName) =>
        _sets.TryGetValue(Guid.TryParse(idOrName, out var id) ? id.ToString() : idOrName, out var set) ? set : null;

    /// <summary>
    /// The key a signer of <paramref name="idOrName"/> uses: the one with <paramref name="kid"/>, else the newest that can
    /// sign; with <paramref name="algorithm"/>, that algorithm instead of the key's own.
    /// </summary>
    public Signer? Signer(string idOrName, string? kid, JwsAlgorithm? algorithm = null) =>
        _signers.GetOrAdd((idOrName, kid, algorithm), static (wanted, ring) =>
        {
            var chosen = ring.Find(wanted.Set)?.Keys
                .Select(k => wanted.Algorithm is { } alg ? k.Signer with { Algorithm = alg } : k.Signer)
                .LastOrDefault(s => JwsWriter.CannotSign(s.Key, s.Algorithm) is null && (wanted.Kid is null || s.KeyId == wanted.Kid));
            return chosen;
        }, this);
}
