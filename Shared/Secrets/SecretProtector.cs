using System.Buffers.Text;
using System.Security.Cryptography;

namespace HybridGateway.Shared.Secrets;

/// <summary>
/// Encrypts secret values (private keys) with AES-256-GCM under one data key, as self-describing text:
/// <c>enc:v1:&lt;key id&gt;:&lt;base64url(nonce | ciphertext | tag)&gt;</c>. The prefix makes a stored value
/// recognisable; the key id (the first 4 bytes of the key's SHA-256) makes a wrong key fail with a clear message
/// rather than as a bare authentication error.
/// </summary>
public sealed class SecretProtector
{
    /// <summary>The prefix of every protected value; the version names the format (AES-256-GCM, 12-byte nonce, 16-byte tag).</summary>
    public const string Prefix = "enc:v1:";

    /// <summary>The data key's length in bytes.</summary>
    public const int KeyLength = 32;

    /// <summary>The largest protected value accepted by <see cref="Unprotect"/>, in characters.</summary>
    public const int MaxProtectedLength = 1024 * 1024;

    private const int NonceLength = 12;
    private const int TagLength = 16;

    private readonly byte[] _key;
    private readonly string _keyName;
    private readonly string _setting;

    /// <param name="key">The 32-byte key.</param>
    /// <param name="keyName">What the key is called in messages (the control plane's data key, the cluster key).</param>
    /// <param name="setting">The setting that gives the key, named when a value was sealed under another one.</param>
    public SecretProtector(ReadOnlySpan<byte> key, string keyName = "data key", string setting = "Secrets:Key")
    {
        if (key.Length != KeyLength)
        {
            throw new ArgumentException($"the {keyName} must be {KeyLength} bytes", nameof(key));
        }

        ArgumentException.ThrowIfNullOrEmpty(keyName);
        ArgumentException.ThrowIfNullOrEmpty(setting);
        _key = key.ToArray();
        _keyName = keyName;
        _setting = setting;
        KeyId = Convert.ToHexStringLower(SHA256.HashData(_key).AsSpan(0, 4));
    }

    /// <summary>Names the key without revealing it: 8 hex characters, written into every protected value.</summary>
    public string KeyId { get; }

    /// <summary>True when <paramref name="value"/> is in the protected format (of any key).</summary>
    public static bool IsProtected(string? value) => value is not null && value.StartsWith(Prefix, StringComparison.Ordinal);

    /// <summary>Encrypts <paramref name="plaintext"/> with a fresh random nonce.</summary>
    public string Protect(string plaintext)
    {
        ArgumentNullException.ThrowIfNull(plaintext);
        var clear = System.Text.Encoding.UTF8.GetBytes(plaintext);
        var sealedBytes = new byte[NonceLength + clear.Length + TagLength];
        var nonce = sealedBytes.AsSpan(0, NonceLength);
        RandomNumberGenerator.Fill(nonce);
        using (var aes = new AesGcm(_key, TagLength))
        {
            aes.Encrypt(nonce, clear, sealedBytes.AsSpan(NonceLength, clear.Length), sealedBytes.AsSpan(NonceLength + clear.Length), AssociatedData());
        }

        CryptographicOperations.ZeroMemory(clear);
        return $"{Prefix}{KeyId}:{Base64Url.EncodeToString(sealedBytes)}";
    }

    /// <summary>
    /// Decrypts a value made by <see cref="Protect"/>. A value that is not in the protected format is returned as it is
    /// (it was never secret). Throws <see cref="SecretProtectionException"/> for another key's value or a damaged one.
    /// </summary>
    public string Unprotect(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (!IsProtected(value))
        {
            return value;
        }

        var rest = value.AsSpan(Prefix.Length);
        var colon = rest.IndexOf(':');
        if (colon < 0 || value.Length > MaxProtectedLength)
        {
            throw new SecretProtectionException("a secret is not in the enc:v1 format");
        }

        var keyId = rest[..colon].ToString();
        if (!string.Equals(keyId, KeyId, StringComparison.Ordinal))
        {
            throw new SecretProtectionException(
                $"a secret was encrypted under {_keyName} {keyId}, but this process has {_keyName} {KeyId}: configure the key it was encrypted with ({_setting})");
        }

        byte[] sealedBytes;
        try
        {
            sealedBytes = Base64Url.DecodeFromChars(rest[(colon + 1)..]);
        }
        catch (FormatException ex)
        {
            throw new SecretProtectionException("a secret is not valid base64url", ex);
        }

        if (sealedBytes.Length < NonceLength + TagLength)
        {
            throw new SecretProtectionException("a secret is truncated");
        }

        var length = sealedBytes.Length - NonceLength - TagLength;
        var clear = new byte[length];
        try
        {
            using var aes = new AesGcm(_key, TagLength);
            aes.Decrypt(sealedBytes.AsSpan(0, NonceLength), sealedBytes.AsSpan(NonceLength, length), sealedBytes.AsSpan(NonceLength + length), clear, AssociatedData());
            return System.Text.Encoding.UTF8.GetString(clear);
        }
        catch (CryptographicException ex)
        {
            throw new SecretProtectionException($"a secret failed authentication under {_keyName} {KeyId}: it is damaged or was altered", ex);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(clear);
        }
    }

    // The format version is authenticated too, so a value cannot be replayed under another format's rules.
    private static ReadOnlySpan<byte> AssociatedData() => "enc:v1"u8;
}

/// <summary>A protected value could not be decrypted; the message says why and never contains the value.</summary>
public sealed class SecretProtectionException : Exception
{
    public SecretProtectionException()
    {
    }

    public SecretProtectionException(string message)
        : base(message)
    {
    }

    public SecretProtectionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
