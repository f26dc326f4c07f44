using System.Security.Cryptography;

namespace HybridGateway.Shared.Plugins;

/// <summary>Generated credential values (keys, secrets) as Kong makes them: 32 letters and digits.</summary>
public static class Credentials
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    /// <summary>Length of a generated key or secret, as Kong's.</summary>
    public const int GeneratedLength = 32;

    /// <summary>32 characters from [A-Za-z0-9], each uniformly drawn from a cryptographic generator (about 190 bits).</summary>
    public static string NewRandomKey() => RandomNumberGenerator.GetString(Alphabet, GeneratedLength);
}
