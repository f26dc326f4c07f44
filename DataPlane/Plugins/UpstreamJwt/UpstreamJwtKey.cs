using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using HybridGateway.Shared.Jose;
using HybridGateway.Shared.Plugins.UpstreamJwt;
using Microsoft.IdentityModel.Tokens;

namespace HybridGateway.DataPlane.Plugins.UpstreamJwt;

/// <summary>
/// The signing material of one upstream-jwt instance, read from the data plane's files: the private key (PEM: PKCS#8,
/// PKCS#1 or SEC1; RSA or EC), the algorithm it serves, and the certificate chain for <c>x5c</c> (standard base64 of
/// each DER certificate, as RFC 7515 §4.1.6 asks; Optum's base64url is a bug we do not copy).
/// </summary>
internal sealed class UpstreamJwtKey
{
    /// <summary>Larger files are refused unread: no key or chain comes near it.</summary>
    public const int MaxFileBytes = 256 * 1024;

    private UpstreamJwtKey(SigningCredentials credentials, IReadOnlyList<string>? x5c)
    {
        Credentials = credentials;
        X5c = x5c;
    }

    public SigningCredentials Credentials { get; }

    public IReadOnlyList<string>? X5c { get; }

    /// <summary>Loads the key; a missing, unreadable or unfit key throws <see cref="UpstreamJwtKeyException"/> with the reason.</summary>
    public static UpstreamJwtKey Load(UpstreamJwtOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var pem = System.Text.Encoding.UTF8.GetString(ReadFile(options.PrivateKeyLocation, "private_key_location"));
        var (key, publicKey) = ImportPrivateKey(pem, options.PrivateKeyLocation);
        var algorithm = options.Algorithm ?? DefaultAlgorithm(publicKey);
        if (JwsAlgorithms.Parse(algorithm) is not { } parsed || !publicKey.Fits(parsed))
        {
            throw new UpstreamJwtKeyException($"the key in {options.PrivateKeyLocation} cannot sign {algorithm}");
        }

        key.KeyId = options.KeyId;
        var x5c = options.PublicKeyLocation is { } location ? ReadChain(location, publicKey) : null;
        return new UpstreamJwtKey(new SigningCredentials(key, algorithm), x5c);
    }

    private static byte[] ReadFile(string path, string field)
    {
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                throw new UpstreamJwtKeyException($"{field}: no file at {path}");
            }

            if (info.Length > MaxFileBytes)
            {
                throw new UpstreamJwtKeyException($"{field}: {path} is larger than {MaxFileBytes} bytes");
            }

            return File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new UpstreamJwtKeyException($"{field}: cannot read {path}: {ex.Message}");
        }
    }

    private static (AsymmetricSecurityKey Key, JwsPublicKey PublicKey) ImportPrivateKey(string pem, string path)
    {
        // ImportFromPem also takes public keys: exporting the private parameters proves there is a private key.
        var rsa = RSA.Create();
        try
        {
            rsa.ImportFromPem(pem);
            _ = rsa.ExportParameters(includePrivateParameters: true);
            return (new RsaSecurityKey(rsa), PublicKeyParser.TryParse(rsa.ExportSubjectPublicKeyInfoPem())!);
        }
        catch (Exception ex) when (ex is ArgumentException or CryptographicException)
        {
            rsa.Dispose();
        }

        var ecdsa = ECDsa.Create();
        try
        {
            ecdsa.ImportFromPem(pem);
            _ = ecdsa.ExportParameters(includePrivateParameters: true);
            return (new ECDsaSecurityKey(ecdsa), PublicKeyParser.TryParse(ecdsa.ExportSubjectPublicKeyInfoPem())!);
        }
        catch (Exception ex) when (ex is ArgumentException or CryptographicException)
        {
            ecdsa.Dispose();
            throw new UpstreamJwtKeyException($"private_key_location: {path} holds no RSA or EC private key in PEM");
        }
    }

    private static string DefaultAlgorithm(JwsPublicKey key) => key.Type switch
    {
        JwsKeyType.EcP256 => JwsAlgorithms.ES256,
        JwsKeyType.EcP384 => JwsAlgorithms.ES384,
        JwsKeyType.EcP521 => JwsAlgorithms.ES512,
        _ => JwsAlgorithms.RS256,
    };

    /// <summary>A DER certificate, or a PEM file of one or more (leaf first); the leaf must hold our public key.</summary>
    private static List<string> ReadChain(string path, JwsPublicKey signingKey)
    {
        var bytes = ReadFile(path, "public_key_location");
        var ders = new List<byte[]>();
        var text = System.Text.Encoding.ASCII.GetString(bytes);
        if (text.Contains("-----BEGIN", StringComparison.Ordinal))
        {
            var rest = text.AsMemory();
            while (PemEncoding.TryFind(rest.Span, out var fields))
            {
                if (rest.Span[fields.Label].SequenceEqual("CERTIFICATE"))
                {
                    ders.Add(Convert.FromBase64String(rest.Span[fields.Base64Data].ToString()));
                }

                rest = rest[fields.Location.End..];
            }
        }
        else
        {
            ders.Add(bytes);
        }

        if (ders.Count == 0)
        {
            throw new UpstreamJwtKeyException($"public_key_location: {path} holds no certificate");
        }

        try
        {
            using var leaf = X509CertificateLoader.LoadCertificate(ders[0]);
            var leafKey = PublicKeyParser.TryParse(PemEncoding.WriteString("PUBLIC KEY", leaf.PublicKey.ExportSubjectPublicKeyInfo()));
            if (leafKey is null || !SamePublicKey(leafKey, signingKey))
            {
                throw new UpstreamJwtKeyException($"public_key_location: the certificate in {path} is not the private key's");
            }
        }
        catch (CryptographicException ex)
        {
            throw new UpstreamJwtKeyException($"public_key_location: {path} is not a certificate: {ex.Message}");
        }

        return [.. ders.Select(Convert.ToBase64String)];
    }

    private static bool SamePublicKey(JwsPublicKey a, JwsPublicKey b) =>
        a.Type == b.Type && (a.Type == JwsKeyType.Rsa
            ? a.Rsa!.ExportParameters(false).Modulus.AsSpan().SequenceEqual(b.Rsa!.ExportParameters(false).Modulus)
            : a.Ecdsa!.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(b.Ecdsa!.ExportSubjectPublicKeyInfo()));
}

/// <summary>Why an upstream-jwt key could not be used; logged, and the request answered 500.</summary>
internal sealed class UpstreamJwtKeyException(string message) : Exception(message);
