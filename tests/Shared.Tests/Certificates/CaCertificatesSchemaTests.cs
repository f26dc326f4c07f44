using System.Security.Cryptography;
using System.Text.Json.Nodes;
using HybridGateway.Shared.Certificates;
using HybridGateway.Shared.Configuration;
using HybridGateway.Shared.Declarative;
using HybridGateway.Shared.Validation;
using HybridGateway.Tests.Common;

namespace HybridGateway.Shared.Tests.Certificates;

/// <summary>Kong's ca_certificates checks and messages, the digest, and the entity in whole configs and declarative files.</summary>
public sealed class CaCertificatesSchemaTests
{
    private static readonly System.Security.Cryptography.X509Certificates.X509Certificate2 Ca = TestCertificates.CreateCa("CN=Schema Test CA");
    private static readonly string CaPem = Ca.ExportCertificatePem();

    [Test]
    public void ValidCa_DigestFilledOnWrite_AsLowerHexSha256OfTheDer()
    {
        var result = SchemaProcessor.Process(CaCertificatesSchema.Schema, new JsonObject { ["id"] = Guid.NewGuid().ToString(), ["cert"] = CaPem });
        CaCertificatesSchema.Schema.Transform!(result.Entity);

        Assert.That(result.IsValid, Is.True, result.Errors.ToKongMessage());
        Assert.That((string?)result.Entity["cert_digest"], Is.EqualTo(Convert.ToHexStringLower(SHA256.HashData(Ca.RawData))));
    }

    [Test]
    public void ExpiredCa_RefusedOnWrite_ButAcceptedInAStoredConfig()
    {
        var expired = TestCertificates.CreateCa("CN=Old", notBefore: DateTimeOffset.UtcNow.AddDays(-10), notAfter: DateTimeOffset.UtcNow.AddDays(-1)).ExportCertificatePem();
        var input = new JsonObject { ["cert"] = expired };

        Assert.That(SchemaProcessor.Process(CaCertificatesSchema.Schema, (JsonObject)input.DeepClone()).Errors.ToKongMessage(), Does.Contain("certificate expired, \"Not After\" time is in the past"));
        Assert.That(SchemaProcessor.Process(CaCertificatesSchema.Stored, (JsonObject)input.DeepClone()).IsValid, Is.True, "an expired CA must not make every later config version invalid");
    }

    [Test]
    public void LeafCertificate_IsNotACa()
    {
        var leaf = TestCertificates.CreateClient(Ca, "CN=leaf").ExportCertificatePem();

        var result = SchemaProcessor.Process(CaCertificatesSchema.Schema, new JsonObject { ["cert"] = leaf });

        Assert.That(result.Errors.Entity, Has.Member("certificate does not appear to be a CA because it is missing the \"CA\" basic constraint"));
    }

    [TestCase("garbage", "cert", "invalid certificate: not a PEM certificate (-----BEGIN CERTIFICATE-----)")]
    [TestCase("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----", "cert", "invalid certificate: ")]
    public void BadPem_NamesCert(string cert, string field, string message)
    {
        var result = SchemaProcessor.Process(CaCertificatesSchema.Schema, new JsonObject { ["cert"] = cert });

        Assert.That(result.Errors.Fields[field], Does.StartWith(message));
    }

    [Test]
    public void WholeConfig_MtlsAuthMustNameAnExistingCa_AndDigestsAreUnique()
    {
        var ca = new CaCertificateConfig { Id = Guid.NewGuid(), Cert = CaPem, CertDigest = "d" };
        var twin = ca with { Id = Guid.NewGuid() };
        var missing = Guid.NewGuid();
        var plugin = new PluginConfig
        {
            Id = Guid.NewGuid(),
            Name = "mtls-auth",
            Config = System.Text.Json.JsonSerializer.SerializeToElement(new { ca_certificates = new[] { ca.Id, missing } }),
        };

        var errors = ConfigValidator.Validate(new GatewayConfig { CaCertificates = [ca, twin], Plugins = [plugin] });

        Assert.That(errors, Has.Some.Contains($"config.ca_certificates: '{missing}' does not reference an existing 'ca_certificates' entity"));
        Assert.That(errors, Has.Some.Contains("ca_certificates: UNIQUE violation detected on 'cert_digest'"));
        Assert.That(errors, Has.None.Contains($"'{ca.Id}' does not reference"));
    }

    [Test]
    public void Declarative_TopLevelCaCertificates_ImportExportRoundTrip()
    {
        var id = Guid.NewGuid();
        var indented = string.Join("\n", CaPem.Split('\n').Select(l => "      " + l));
        var yaml = $"""
            _format_version: "3.0"
            ca_certificates:
            - id: {id}
              cert: |
            {indented}
            plugins:
            - name: mtls-auth
              config:
                ca_certificates: [{id}]
            """;

        var parsed = DeclarativeConfig.Parse(yaml);

        Assert.That(parsed.Errors, Is.Empty, string.Join("; ", parsed.Errors.Select(e => e.ToString())));
        var config = parsed.Config!;
        Assert.That(config.CaCertificates.Single().CertDigest, Is.EqualTo(Convert.ToHexStringLower(SHA256.HashData(Ca.RawData))));
        var again = DeclarativeConfig.Parse(DeclarativeExport.ToYaml(config));
        Assert.That(again.Config, Is.Not.Null);
        Assert.That(again.Config!.CaCertificates.Single(), Is.EqualTo(config.CaCertificates.Single()));
    }
}
