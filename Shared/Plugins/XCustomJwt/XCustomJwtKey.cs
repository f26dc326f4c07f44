using HybridGateway.Shared.Keys;

namespace HybridGateway.Shared.Plugins.XCustomJwt;

/// <summary>
/// x-custom-jwt's <c>private_jwk</c>, loaded by <see cref="KeyMaterial"/> (the loader of the <c>keys</c> entity): a
/// private RSA, EC, OKP or oct JWK; the algorithm is its <c>alg</c> or <see cref="JwsWriter.DefaultAlgorithm"/>. The
/// control plane validates with it and the data plane signs with it, so a key the Admin API took signs everywhere.
/// </summary>
public static class XCustomJwtKey
{
    /// <summary>The key, or null and why not.</summary>
    public static Signer? Load(string privateJwk, out string? error)
    {
        ArgumentNullException.ThrowIfNull(privateJwk);
        var loaded = KeyMaterial.LoadJwk(privateJwk, kid: null);
        if (loaded.Key is not { } key)
        {
            error = loaded.Error;
            return null;
        }

        var algorithm = loaded.Algorithm ?? JwsWriter.DefaultAlgorithm(key);
        error = JwsWriter.CannotSign(key, algorithm);
        if (error is not null)
        {
            key.Dispose();
            return null;
        }

        return new Signer(key, algorithm, loaded.Kid);
    }
}
