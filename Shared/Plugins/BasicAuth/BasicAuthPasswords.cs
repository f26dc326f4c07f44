using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace HybridGateway.Shared.Plugins.BasicAuth;

/// <summary>
/// Hashes and verifies basic-auth passwords as <c>pbkdf2-sha256$&lt;iterations&gt;$&lt;salt-b64&gt;$&lt;hash-b64&gt;</c>.
/// </summary>
/// <remarks>
/// Kong stores <c>sha1(password .. consumer_id)</c>, which a leaked database or snapshot gives away to any GPU. A salted
/// PBKDF2 survives that, yet data planes verify on the request path: 10,000 iterations cost a few milliseconds of CPU
/// per verification, and data planes remember successful verifications (<c>BasicAuthVerifier</c>), so the cost is paid
/// once per credential and password, not per request.
/// </remarks>
public static class BasicAuthPasswords
{
    public const string Prefix = "pbkdf2-sha256";

    public const int Iterations = 10_000;

    private const int SaltBytes = 16;
    private const int HashBytes = 32;

    // Bounds on hashes read from files and snapshots: a forged hash must not buy an attacker minutes of CPU.
    private const int MaxIterations = 1_000_000;
    private const int MaxEncodedLength = 512;

    /// <summary>A new hash of <paramref name="password"/> with a random salt.</summary>
    public static string Hash(string password)
    {
        ArgumentNullException.ThrowIfNull(password);
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var hash = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, Iterations, HashAlgorithmName.SHA256, HashBytes);
        return string.Create(CultureInfo.InvariantCulture, $"{Prefix}${Iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}");
    }

    /// <summary>True when <paramref name="value"/> is a well-formed hash this class can verify.</summary>
    public static bool IsHash(string? value) => TryParse(value, out _, out _, out _);

    /// <summary>True when <paramref name="password"/> matches <paramref name="stored"/>; compared in constant time.</summary>
    public static bool Verify(string password, string? stored)
    {
        ArgumentNullException.ThrowIfNull(password);
        return Verify(Encoding.UTF8.GetBytes(password), stored);
    }

    /// <summary>
    /// True when the UTF-8 <paramref name="password"/> (raw bytes, as an HTTP client sent them) matches
    /// <paramref name="stored"/>; compared in constant time.
    /// </summary>
    public static bool Verify(ReadOnlySpan<byte> password, string? stored)
    {
        if (!TryParse(stored, out var iterations, out var salt, out var expected))
        {
            return false;
        }

        var actual = Rfc2898DeriveBytes.Pbkdf2(password, salt, iterations, HashAlgorithmName.SHA256, expected.Length);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }

    private static bool TryParse(string? value, out int iterations, out byte[] salt, out byte[] hash)
    {
        iterations = 0;
        salt = [];
        hash = [];
        if (value is null || value.Length > MaxEncodedLength)
        {
            return false;
        }

        var parts = value.Split('$');
        if (parts is not [Prefix, var count, var saltText, var hashText]
            || !int.TryParse(count, NumberStyles.None, CultureInfo.InvariantCulture, out iterations)
            || iterations < 1 || iterations > MaxIterations)
        {
            return false;
        }

        try
        {
            salt = Convert.FromBase64String(saltText);
            hash = Convert.FromBase64String(hashText);
        }
        catch (FormatException)
        {
            return false;
        }

        return salt.Length >= 8 && hash.Length >= 16;
    }
}
