namespace HybridGateway.Shared.Jose;

/// <summary>The JWS algorithms Kong's <c>jwt</c> plugin knows, by their case-sensitive JOSE names.</summary>
public static class JwsAlgorithms
{
    public const string HS256 = "HS256";
    public const string HS384 = "HS384";
    public const string HS512 = "HS512";
    public const string RS256 = "RS256";
    public const string RS384 = "RS384";
    public const string RS512 = "RS512";
    public const string ES256 = "ES256";
    public const string ES384 = "ES384";
    public const string ES512 = "ES512";
    public const string PS256 = "PS256";
    public const string PS384 = "PS384";
    public const string PS512 = "PS512";
    public const string EdDSA = "EdDSA";

    /// <summary>In Kong's order, which its <c>expected one of</c> message lists.</summary>
    public static readonly IReadOnlyList<string> All =
        [HS256, HS384, HS512, RS256, RS384, RS512, ES256, ES384, ES512, PS256, PS384, PS512, EdDSA];

    /// <summary>The algorithm for a name, or null when it is not one of <see cref="All"/> (the match is case-sensitive).</summary>
    public static JwsAlgorithm? Parse(ReadOnlySpan<char> name) => name switch
    {
        HS256 => JwsAlgorithm.HS256,
        HS384 => JwsAlgorithm.HS384,
        HS512 => JwsAlgorithm.HS512,
        RS256 => JwsAlgorithm.RS256,
        RS384 => JwsAlgorithm.RS384,
        RS512 => JwsAlgorithm.RS512,
        ES256 => JwsAlgorithm.ES256,
        ES384 => JwsAlgorithm.ES384,
        ES512 => JwsAlgorithm.ES512,
        PS256 => JwsAlgorithm.PS256,
        PS384 => JwsAlgorithm.PS384,
        PS512 => JwsAlgorithm.PS512,
        EdDSA => JwsAlgorithm.EdDSA,
        _ => null,
    };

    /// <summary>True for every algorithm that verifies with a public key rather than a shared secret.</summary>
    public static bool IsAsymmetric(JwsAlgorithm algorithm) => algorithm is not (JwsAlgorithm.HS256 or JwsAlgorithm.HS384 or JwsAlgorithm.HS512);
}

/// <summary>A JWS algorithm; the member names are the JOSE names.</summary>
public enum JwsAlgorithm
{
    HS256,
    HS384,
    HS512,
    RS256,
    RS384,
    RS512,
    ES256,
    ES384,
    ES512,
    PS256,
    PS384,
    PS512,
    EdDSA,
}
