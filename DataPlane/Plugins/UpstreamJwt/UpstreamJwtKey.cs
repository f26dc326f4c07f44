using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using HybridGateway.Shared.Jose;
using HybridGateway.Shared.Keys;
using HybridGateway.Shared.Plugins.UpstreamJwt;

namespace HybridGateway.DataPlane.Plugins.UpstreamJwt;

/// <summary>
/// The signing material of one upstream-jwt instance, read from the data plane's files through
/// <see cref="KeyMaterial"/> (the loader of the <c>keys</c> entity): the private key (PEM PKCS#8, PKCS#1 or SEC1; RSA,
/// EC or Ed25519/Ed448), the algorithm it signs with, and the certificate chain for <c>x5c</c> (standard base64 of each
/// DER certificate, as RFC 7515 §4.1.6 asks; Optum's base64url is a bug we do not copy).
/// </summary>
internal sealed class UpstreamJwtKey
{
    /// <summary>Larger files are refused unread: no key or chain comes near it.</summary>
    public const int MaxFileBytes = 256 * 1024;

    private UpstreamJwtKey(Signer signer, IReadOnlyList<string>? x5c)
    {
        Signer = signer;
        X5c = x5c;
    }

    /// <summary>The key, its algorithm and the header's kid (<c>key_id</c>).</summary>
    public Signer Signer { get; }

    public IReadOnlyList<string>? X5c { get; }

    /// <summary>Loads the key; a missing, unreadable or unfit key throws <see cref="UpstreamJwtKeyException"/> with the reason.</summary>
    public static UpstreamJwtKey Load(UpstreamJwtOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var path = options.PrivateKeyLocation ?? throw new UpstreamJwtKeyException("private_key_location is not set");
        var pem = System.Text.Encoding.UTF8.GetString(ReadFile(path, "private_key_location"));
        var chain = options.PublicKeyLocation is { } location ? ReadChain(location) : null;

        // With a certificate, KeyMaterial also proves the private key is the certificate's.
        var leafKey = chain is null ? null : LeafPublicKeyPem(chain[0], options.PublicKeyLocation!);
        var loaded = KeyMaterial.LoadPem(pem, leafKey);
        if (loaded.Key is not { } key)
        {
            throw new UpstreamJwtKeyException(loaded.Error == KeyMaterial.PemMismatch
                ? $"public_key_location: the certificate in {options.PublicKeyLocation} is not the private key's"
                : $"private_key_location: {options.PrivateKeyLocation}: {loaded.Error}");
        }

        var algorithm = options.Algorithm is { } name ? JwsAlgorithms.Parse(name)!.Value : JwsWriter.DefaultAlgorithm(key);
        if (JwsWriter.CannotSign(key, algorithm) is { } reason)
        {
            key.Dispose();
            throw new UpstreamJwtKeyException($"private_key_location: {options.PrivateKeyLocation} {reason}");
        }

        return new UpstreamJwtKey(new Signer(key, algorithm, options.KeyId), chain?.Select(Convert.ToBase64String).ToList());
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

    /// <summary>A DER certificate, or a PEM file of one or more (leaf first).</summary>
    private static List<byte[]> ReadChain(string path)
    {
        var bytes = ReadFile(path, "public_key_location");
        var ders = new List<byte[]>();
        var text = System.Text.Encoding.ASCII.GetString(bytes);
        if (!text.Contains("-----BEGIN", StringComparison.Ordinal))
        {
            ders.Add(bytes);
            return ders;
        }

        var rest = text.AsMemory();
        while (PemEncoding.TryFind(rest.Span, out var fields))
        {
            if (rest.Span[fields.Label].SequenceEqual("CERTIFICATE"))
            {
                ders.Add(Convert.FromBase64String(rest.Span[fields.Base64Data].ToString()));
            }

            rest = rest[fields.Location.End..];
        }

        return ders.Count > 0 ? ders : throw new UpstreamJwtKeyException($"public_key_location: {path} holds no certificate");
    }

    private static string LeafPublicKeyPem(byte[] der, string path)
    {
        try
        {
            using var leaf = X509CertificateLoader.LoadCertificate(der);
            return PemEncoding.WriteString("PUBLIC KEY", leaf.PublicKey.ExportSubjectPublicKeyInfo());
        }
        catch (CryptographicException ex)
        {
            throw new UpstreamJwtKeyException($"public_key_location: {path} is not a certificate: {ex.Message}");
        }
    }
}

/// <summary>Why an upstream-jwt key could not be used; logged, and the request answered 500.</summary>
internal sealed class UpstreamJwtKeyException(string message) : Exception(message);
