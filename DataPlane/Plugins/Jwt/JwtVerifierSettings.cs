using HybridGateway.Shared.Plugins.Jwt;

namespace HybridGateway.DataPlane.Plugins.Jwt;

/// <summary>The parts of <see cref="JwtOptions"/> the token verifier needs, with the claim messages prepared once.</summary>
internal sealed class JwtVerifierSettings
{
    public JwtVerifierSettings(JwtOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        KeyClaimName = options.KeyClaimName;
        SecretIsBase64 = options.SecretIsBase64;
        VerifyExp = options.ClaimsToVerify?.Contains("exp") == true;
        VerifyNbf = options.ClaimsToVerify?.Contains("nbf") == true;
        ClaimsOrder = options.ClaimsToVerify?.Where(c => c is "exp" or "nbf").Distinct().ToArray() ?? [];
        MaximumExpiration = options.MaximumExpiration;
        NoKeyClaim = JwtVerification.Fail($"No mandatory '{KeyClaimName}' in claims");
        InvalidKeyClaim = JwtVerification.Fail($"Invalid '{KeyClaimName}' in claims");
        NoCredential = JwtVerification.Fail($"No credentials found for given '{KeyClaimName}'");
    }

    public string KeyClaimName { get; }

    public bool SecretIsBase64 { get; }

    public bool VerifyExp { get; }

    public bool VerifyNbf { get; }

    /// <summary>The registered claims to check, in the configured order (the order of the error map).</summary>
    public IReadOnlyList<string> ClaimsOrder { get; }

    public double MaximumExpiration { get; }

    internal JwtVerification NoKeyClaim { get; }

    internal JwtVerification InvalidKeyClaim { get; }

    internal JwtVerification NoCredential { get; }
}
