using System.Collections.Frozen;
using System.Text;
using HybridGateway.Shared.Configuration;
using HybridGateway.Shared.Jose;

namespace HybridGateway.DataPlane.Plugins.Jwt;

/// <summary>
/// A <c>jwt_secrets</c> credential prepared for verification when a configuration is applied: its algorithm parsed,
/// its HMAC secret decoded both ways, its public key parsed. Nothing here is computed per request.
/// </summary>
internal sealed class JwtCredential
{
    private JwtCredential(JwtSecretConfig config, JwsAlgorithm? algorithm, byte[]? secret, byte[]? base64Secret, JwsPublicKey? publicKey)
    {
        Config = config;
        Algorithm = algorithm;
        Secret = secret;
        Base64Secret = base64Secret;
        PublicKey = publicKey;
    }

    public JwtSecretConfig Config { get; }

    public string Key => Config.Key;

    public Guid ConsumerId => Config.Consumer.Id;

    /// <summary>Null when the stored name is unknown: then no token can match it.</summary>
    public JwsAlgorithm? Algorithm { get; }

    /// <summary>The secret's UTF-8 bytes (HS* without <c>secret_is_base64</c>).</summary>
    public byte[]? Secret { get; }

    /// <summary>The secret base64-decoded (standard or URL-safe, padded or not); null when it does not decode.</summary>
    public byte[]? Base64Secret { get; }

    /// <summary>The public key, only when it parses and fits <see cref="Algorithm"/>.</summary>
    public JwsPublicKey? PublicKey { get; }

    public static JwtCredential Create(JwtSecretConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var algorithm = JwsAlgorithms.Parse(config.Algorithm);
        if (algorithm is { } a && JwsAlgorithms.IsAsymmetric(a))
        {
            var key = PublicKeyParser.TryParse(config.RsaPublicKey);
            return new JwtCredential(config, algorithm, null, null, key is not null && key.Fits(a) ? key : null);
        }

        return new JwtCredential(
            config,
            algorithm,
            config.Secret is null ? null : Encoding.UTF8.GetBytes(config.Secret),
            config.Secret is null ? null : DecodeAnyBase64(config.Secret),
            null);
    }

    /// <summary>A frozen index by key, built once per configuration version.</summary>
    public static FrozenDictionary<string, JwtCredential> Index(IEnumerable<JwtSecretConfig> credentials) =>
        credentials.Select(Create).ToFrozenDictionary(c => c.Key, StringComparer.Ordinal);

    /// <summary>Kong decodes base64url only; we accept both alphabets, with or without padding.</summary>
    internal static byte[]? DecodeAnyBase64(string text)
    {
        var trimmed = text.TrimEnd('=');
        if (trimmed.Length % 4 == 1)
        {
            return null;
        }

        var standard = new StringBuilder(trimmed.Length + 3);
        foreach (var c in trimmed)
        {
            standard.Append(c switch { '-' => '+', '_' => '/', _ => c });
        }

        standard.Append('=', (4 - (trimmed.Length % 4)) % 4);
        var buffer = new byte[standard.Length / 4 * 3];
        return Convert.TryFromBase64String(standard.ToString(), buffer, out var written) ? buffer[..written] : null;
    }
}
