using System.Text.Json;
using System.Text.Json.Nodes;
using HybridGateway.Shared.Validation;

namespace HybridGateway.Shared.Certificates;

/// <summary>
/// Kong's <c>ca_certificates</c> entity (kong/db/schema/entities/ca_certificates.lua): one CA certificate as PEM,
/// checked to parse, to be a CA and not to have expired, with its SHA-256 <c>cert_digest</c> (unique) filled on write.
/// mtls-auth trusts the CAs its <c>config.ca_certificates</c> names.
/// </summary>
public static class CaCertificatesSchema
{
    public const string Entity = "ca_certificates";

    /// <summary>The Admin API path: <c>/ca_certificates</c>.</summary>
    public const string AdminApiName = "ca_certificates";

    /// <summary>The schema writes use (Admin API, declarative import): a CA that expired is refused, as Kong does.</summary>
    public static Schema Schema { get; } = Build(checkExpiry: true);

    /// <summary>
    /// The schema a whole stored config is checked with (before publishing, on data planes): a CA that expired after it
    /// was stored must not make every later config version invalid; it simply stops verifying anything.
    /// </summary>
    public static Schema Stored { get; } = Build(checkExpiry: false);

    private static Schema Build(bool checkExpiry) => new(
        Entity,
        [
            Typedefs.Id(),
            Typedefs.Timestamp("created_at"),
            Typedefs.Timestamp("updated_at"),
            new FieldSchema
            {
                Name = "cert",
                Type = FieldType.String,
                Required = true,
                LenMax = CaCertificatePem.MaxLength,
                Custom = ValidCertificate,
                Description = "The PEM of one CA certificate (basic constraints CA:true).",
            },
            new FieldSchema { Name = "cert_digest", Type = FieldType.String, Unique = true, Auto = true, Description = "Lower-case hex SHA-256 of the certificate's DER; set by the gateway." },
            Typedefs.Tags(),
        ],
        [(entity, errors) => CheckAuthority(entity, errors, checkExpiry)])
    {
        // Kong's on_write transformation: whatever digest was sent, the stored one is computed.
        Transform = FillDigest,
    };

    private static string? ValidCertificate(JsonNode value)
    {
        using var certificate = CaCertificatePem.Load(value.GetValue<string>(), out var error);
        return error;
    }

    private static void CheckAuthority(JsonObject entity, FieldErrors errors, bool checkExpiry)
    {
        if (entity["cert"] is not JsonValue cert || cert.GetValueKind() != JsonValueKind.String)
        {
            return;
        }

        using var certificate = CaCertificatePem.Load(cert.GetValue<string>(), out var error);
        if (certificate is null)
        {
            // Reported against the field already.
            return;
        }

        if (!CaCertificatePem.IsCertificateAuthority(certificate))
        {
            errors.AddEntity("certificate does not appear to be a CA because it is missing the \"CA\" basic constraint");
        }

        if (checkExpiry && certificate.NotAfter.ToUniversalTime() < DateTime.UtcNow)
        {
            errors.AddEntity("certificate expired, \"Not After\" time is in the past");
        }
    }

    private static void FillDigest(JsonObject entity)
    {
        if (entity["cert"] is JsonValue cert && cert.TryGetValue<string>(out var pem))
        {
            using var certificate = CaCertificatePem.Load(pem, out _);
            if (certificate is not null)
            {
                entity["cert_digest"] = CaCertificatePem.Digest(certificate);
            }
        }
    }
}
