using HybridGateway.Shared.Jose;

namespace HybridGateway.Shared.Keys;

/// <summary>What a signing plugin needs: a key that can sign, the algorithm it signs with, and the kid it is known by.</summary>
public sealed record Signer(SigningKey Key, JwsAlgorithm Algorithm, string? KeyId);
