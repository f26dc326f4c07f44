using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Org.BouncyCastle.Asn1.EdEC;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto.Parameters;

namespace HybridGateway.Shared.Jose;

/// <summary>
/// Reads the PEM public key of a JWT credential (<c>rsa_public_key</c>, which Kong also uses for EC and Ed keys).
/// The one place that does it: the control plane validates with it, the data plane builds its verifiers with it.
/// Accepts <c>PUBLIC KEY</c> (SubjectPublicKeyInfo: RSA, EC P-256/384/521, Ed25519, Ed448), <c>RSA PUBLIC KEY</c>
/// (PKCS#1) and <c>CERTIFICATE</c> (its public key); CRLF line ends and surrounding blanks are tolerated.
/// </summary>
public static class PublicKeyParser
{
    /// <summary>The largest PEM text considered; a 16384-bit RSA certificate stays well below it.</summary>
    public const int MaxPemLength = 64 * 1024;

    private const string RsaEncryptionOid = "1.2.840.113549.1.1.1";
    private const string EcPublicKeyOid = "1.2.840.10045.2.1";

    /// <summary>Parses the first PEM block of <paramref name="pem"/>; returns null when it is not a supported public key.</summary>
    public static JwsPublicKey? TryParse(string? pem)
    {
        if (string.IsNullOrWhiteSpace(pem) || pem.Length > MaxPemLength)
        {
            return null;
        }

        if (!TryDecodePem(pem, out var label, out var der))
        {
            return null;
        }

        try
        {
            return label switch
            {
                "PUBLIC KEY" => FromSubjectPublicKeyInfo(der),
                "RSA PUBLIC KEY" => FromPkcs1(der),
                "CERTIFICATE" => FromCertificate(der),
                _ => null,
            };
        }
        catch (Exception ex) when (ex is CryptographicException or ArgumentException or InvalidCastException or FormatException or IOException or NotSupportedException)
        {
            // Malformed DER surfaces as any of these from .NET or BouncyCastle (an unknown EC curve as PlatformNotSupportedException): it is simply not a key.
            return null;
        }
    }

    /// <summary>True when <paramref name="pem"/> parses and fits <paramref name="algorithm"/>.</summary>
    public static bool IsValidFor(string? pem, JwsAlgorithm algorithm) => TryParse(pem)?.Fits(algorithm) == true;

    /// <summary>The label and DER of the first PEM block of <paramref name="pem"/>; false when there is none.</summary>
    internal static bool TryDecodePem(string pem, out string label, out byte[] der)
    {
        (label, der) = (string.Empty, []);
        if (!PemEncoding.TryFind(pem, out var fields))
        {
            return false;
        }

        try
        {
            // FromBase64String skips the line breaks (CRLF too).
            der = Convert.FromBase64String(pem[fields.Base64Data]);
        }
        catch (FormatException)
        {
            return false;
        }

        label = pem[fields.Label];
        return true;
    }

    /// <summary>The JWS key type of an EC key's curve: P-256, P-384 or P-521; null for any other curve.</summary>
    internal static JwsKeyType? CurveOf(ECDsa ecdsa) => ecdsa.ExportParameters(includePrivateParameters: false).Curve.Oid?.Value switch
    {
        "1.2.840.10045.3.1.7" => JwsKeyType.EcP256,
        "1.3.132.0.34" => JwsKeyType.EcP384,
        "1.3.132.0.35" => JwsKeyType.EcP521,
        _ => null,
    };

    private static JwsPublicKey? FromPkcs1(byte[] der)
    {
        var rsa = RSA.Create();
        rsa.ImportRSAPublicKey(der, out var read);
        return read == der.Length ? JwsPublicKey.FromRsa(rsa) : null;
    }

    private static JwsPublicKey? FromCertificate(byte[] der)
    {
        using var certificate = X509CertificateLoader.LoadCertificate(der);
        return FromSubjectPublicKeyInfo(certificate.PublicKey.ExportSubjectPublicKeyInfo());
    }

    private static JwsPublicKey? FromSubjectPublicKeyInfo(byte[] der)
    {
        var info = SubjectPublicKeyInfo.GetInstance(der);
        var oid = info.Algorithm.Algorithm;
        if (oid.Id == RsaEncryptionOid)
        {
            var rsa = RSA.Create();
            rsa.ImportSubjectPublicKeyInfo(der, out _);
            return JwsPublicKey.FromRsa(rsa);
        }

        if (oid.Id == EcPublicKeyOid)
        {
            var ecdsa = ECDsa.Create();
            ecdsa.ImportSubjectPublicKeyInfo(der, out _);
            var type = CurveOf(ecdsa);
            if (type is null)
            {
                ecdsa.Dispose();
                return null;
            }

            return JwsPublicKey.FromEcdsa(type.Value, ecdsa);
        }

        var raw = info.PublicKey.GetOctets();
        if (oid.Equals(EdECObjectIdentifiers.id_Ed25519) && raw.Length == 32)
        {
            // The constructors decode the point and throw (ArgumentException) when it is not on the curve.
            _ = new Ed25519PublicKeyParameters(raw);
            return JwsPublicKey.FromEd(JwsKeyType.Ed25519, raw);
        }

        if (oid.Equals(EdECObjectIdentifiers.id_Ed448) && raw.Length == 57)
        {
            _ = new Ed448PublicKeyParameters(raw);
            return JwsPublicKey.FromEd(JwsKeyType.Ed448, raw);
        }

        return null;
    }
}
