using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace HybridGateway.Shared.Certificates;

/// <summary>
/// Reads the PEM of one certificate with .NET's X.509 APIs, the one way the control plane checks
/// <c>ca_certificates</c> and data planes load them.
/// </summary>
public static class CaCertificatePem
{
    /// <summary>The largest PEM accepted, in characters: a certificate chain far bigger than any real CA.</summary>
    public const int MaxLength = 64 * 1024;

    private const string Label = "CERTIFICATE";

    /// <summary>Loads the single certificate of <paramref name="pem"/>; returns null and Kong's message when it cannot.</summary>
    public static X509Certificate2? Load(string pem, out string? error)
    {
        ArgumentNullException.ThrowIfNull(pem);
        error = null;
        if (pem.Length > MaxLength)
        {
            error = $"invalid certificate: longer than {MaxLength} characters";
            return null;
        }

        byte[]? der = null;
        var rest = pem.AsSpan();
        while (PemEncoding.TryFind(rest, out var fields))
        {
            if (rest[fields.Label].SequenceEqual(Label))
            {
                if (der is not null)
                {
                    error = "please submit only one certificate at a time";
                    return null;
                }

                der = Convert.FromBase64String(rest[fields.Base64Data].ToString());
            }

            rest = rest[fields.Location.End..];
        }

        if (der is null)
        {
            error = "invalid certificate: not a PEM certificate (-----BEGIN CERTIFICATE-----)";
            return null;
        }

        try
        {
            return X509CertificateLoader.LoadCertificate(der);
        }
        catch (CryptographicException ex)
        {
            error = $"invalid certificate: {ex.Message}";
            return null;
        }
    }

    /// <summary>Kong's <c>cert_digest</c>: the lower-case hex SHA-256 of the certificate's DER.</summary>
    public static string Digest(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return Convert.ToHexStringLower(SHA256.HashData(certificate.RawData));
    }

    /// <summary>True when the certificate carries basic constraints with CA:true.</summary>
    public static bool IsCertificateAuthority(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return certificate.Extensions.OfType<X509BasicConstraintsExtension>().Any(b => b.CertificateAuthority);
    }
}
