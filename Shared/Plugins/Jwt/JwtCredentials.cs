using System.Security.Cryptography;

namespace HybridGateway.Shared.Plugins.Jwt;

/// <summary>Values the control plane generates for JWT credentials.</summary>
public static class JwtCredentials
{
    /// <summary>Length of a generated <c>key</c> or <c>secret</c>, as Kong's.</summary>
    public const int GeneratedLength = 32;

    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    /// <summary>
    /// 32 characters of [A-Za-z0-9] from a cryptographic generator, each uniformly chosen
    /// (<see cref="RandomNumberGenerator.GetItems{T}(ReadOnlySpan{T}, int)"/> rejects biased draws), about 190 bits.
    /// </summary>
    public static string NewRandomKey() => new(RandomNumberGenerator.GetItems<char>(Alphabet, GeneratedLength));
}
