using System.Text.Json.Nodes;
using HybridGateway.Shared.Certificates;
using HybridGateway.Shared.Validation;

namespace HybridGateway.Shared.Plugins.MtlsAuth;

/// <summary>
/// Kong's <c>mtls-auth</c> (Enterprise; schema from its documentation): client certificates verified against the
/// <c>ca_certificates</c> the config names, the consumer found by the certificate's SANs or CN.
/// </summary>
public static class MtlsAuthSchema
{
    public const string Name = "mtls-auth";

    /// <summary>The one revocation mode not offered: fetching OCSP answers or CRLs is not implemented.</summary>
    public const string StrictRevocation = "STRICT";

    public static PluginDefinition Definition { get; } = new()
    {
        Name = Name,
        Version = "1.0.0",
        Priority = 1600,
        NoConsumer = true,
        Description = "Authenticates consumers by a client TLS certificate verified against configured CA certificates.",
        References = [new ConfigReference("ca_certificates", CaCertificatesSchema.Entity)],
        ConfigSchema = new Schema(
            "config",
            [
                new FieldSchema
                {
                    Name = "ca_certificates",
                    Type = FieldType.Array,
                    Required = true,
                    LenMin = 1,
                    Elements = Typedefs.Uuid("ca_certificate"),
                    Description = "Ids of the ca_certificates a client certificate must chain to.",
                },
                Typedefs.Bool("skip_consumer_lookup", false, "Only verify the certificate; send its DN and SANs upstream instead of identifying a consumer."),
                new FieldSchema { Name = "authenticated_group_by", Type = FieldType.String, Default = JsonValue.Create("CN"), OneOf = ["CN", "DN"], Description = "What names the authenticated group: the CN or the whole DN." },
                new FieldSchema
                {
                    Name = "consumer_by",
                    Type = FieldType.Array,
                    LenMin = 1,
                    Default = new JsonArray("username", "custom_id"),
                    Elements = new FieldSchema { Name = "consumer_by", Type = FieldType.String, OneOf = ["username", "custom_id"] },
                    Description = "Consumer fields the certificate's SANs, then its CN, are matched against.",
                },
                new FieldSchema { Name = "anonymous", Type = FieldType.String, Description = "Consumer id or username used when authentication fails." },
                new FieldSchema { Name = "default_consumer", Type = FieldType.String, Description = "Consumer id or username used when a valid certificate names no consumer." },
                Typedefs.Bool("allow_partial_chain", false, "Accept a chain that ends at a configured intermediate CA."),
                new FieldSchema
                {
                    Name = "revocation_check_mode",
                    Type = FieldType.String,
                    Default = JsonValue.Create("IGNORE_CA_ERROR"),
                    OneOf = ["SKIP", "IGNORE_CA_ERROR", StrictRevocation],
                    Custom = v => v.GetValue<string>() == StrictRevocation
                        ? "STRICT is not supported: this gateway does not fetch OCSP answers or CRLs; use SKIP or IGNORE_CA_ERROR"
                        : null,
                    Description = "Revocation checking: SKIP and IGNORE_CA_ERROR (no OCSP/CRL fetching is done).",
                },
                new FieldSchema { Name = "http_timeout", Type = FieldType.Number, Default = JsonValue.Create(30000), Description = "Accepted for compatibility: no OCSP/CRL requests are made." },
                new FieldSchema { Name = "cert_cache_ttl", Type = FieldType.Number, Default = JsonValue.Create(60000), Between = (0, 86_400_000), Description = "Milliseconds a certificate's verification result is reused for." },
                Typedefs.Bool("send_ca_dn", false, "Accepted for compatibility: the TLS listener advertises no CA names."),
            ]),
    };
}
