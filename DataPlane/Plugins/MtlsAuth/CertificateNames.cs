using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace HybridGateway.DataPlane.Plugins.MtlsAuth;

/// <summary>
/// The names of a client certificate as Kong renders them: the subject DN as OpenSSL's short names in certificate
/// order (<c>C=US, ST=California, O=Kong Inc., OU=Konnect, CN=kong, emailAddress=contact@konghq.com</c>), its
/// subject alternative names and its CN.
/// </summary>
public static class CertificateNames
{
    private const string CommonNameOid = "2.5.4.3";
    private const string SubjectAltNameOid = "2.5.29.17";

    // OpenSSL's short names (crypto/objects/objects.txt) for the attributes subjects carry; others print as the dotted OID.
    private static readonly Dictionary<string, string> ShortNames = new(StringComparer.Ordinal)
    {
        ["2.5.4.3"] = "CN",
        ["2.5.4.4"] = "SN",
        ["2.5.4.5"] = "serialNumber",
        ["2.5.4.6"] = "C",
        ["2.5.4.7"] = "L",
        ["2.5.4.8"] = "ST",
        ["2.5.4.9"] = "street",
        ["2.5.4.10"] = "O",
        ["2.5.4.11"] = "OU",
        ["2.5.4.12"] = "title",
        ["2.5.4.15"] = "businessCategory",
        ["2.5.4.17"] = "postalCode",
        ["2.5.4.41"] = "name",
        ["2.5.4.42"] = "GN",
        ["2.5.4.43"] = "initials",
        ["2.5.4.44"] = "generationQualifier",
        ["2.5.4.46"] = "dnQualifier",
        ["2.5.4.65"] = "pseudonym",
        ["2.5.4.97"] = "organizationIdentifier",
        ["1.2.840.113549.1.9.1"] = "emailAddress",
        ["1.2.840.113549.1.9.2"] = "unstructuredName",
        ["0.9.2342.19200300.100.1.1"] = "UID",
        ["0.9.2342.19200300.100.1.25"] = "DC",
        ["1.3.6.1.4.1.311.60.2.1.3"] = "jurisdictionC",
    };

    /// <summary>The subject DN as x-custom-jwt's <c>client_id</c>: <c>shortName=value</c> per RDN, in certificate order, joined with <c>", "</c>, unescaped.</summary>
    public static string SubjectDn(X500DistinguishedName name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return string.Join(", ", name.EnumerateRelativeDistinguishedNames(reversed: false).Select(Render));
    }

    /// <summary>The last CN of the subject (OpenSSL's lookup), or null.</summary>
    public static string? CommonName(X500DistinguishedName name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.EnumerateRelativeDistinguishedNames(reversed: false)
            .Where(r => !r.HasMultipleElements && r.GetSingleElementType().Value == CommonNameOid)
            .Select(r => r.GetSingleElementValue())
            .LastOrDefault(v => v is not null);
    }

    /// <summary>
    /// The subject alternative names that can name a consumer, in certificate order: DNS names, e-mail addresses
    /// (rfc822Name), URIs and IP addresses. An unreadable extension yields none.
    /// </summary>
    public static IReadOnlyList<string> SubjectAlternativeNames(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var extension = certificate.Extensions[SubjectAltNameOid];
        if (extension is null)
        {
            return [];
        }

        var names = new List<string>();
        try
        {
            // GeneralNames (RFC 5280 4.2.1.6), read with .NET's DER reader; X509SubjectAlternativeNameExtension only offers DNS and IP names.
            var sequence = new AsnReader(extension.RawData, AsnEncodingRules.DER).ReadSequence();
            while (sequence.HasData)
            {
                var tag = sequence.PeekTag();
                if (tag.TagClass == TagClass.ContextSpecific && tag.TagValue is 1 or 2 or 6)
                {
                    names.Add(sequence.ReadCharacterString(UniversalTagNumber.IA5String, tag));
                }
                else if (tag.TagClass == TagClass.ContextSpecific && tag.TagValue == 7)
                {
                    names.Add(new System.Net.IPAddress(sequence.ReadOctetString(tag)).ToString());
                }
                else
                {
                    sequence.ReadEncodedValue();
                }
            }
        }
        catch (Exception ex) when (ex is AsnContentException or CryptographicException or ArgumentException)
        {
            return [];
        }

        return names;
    }

    private static string Render(X500RelativeDistinguishedName rdn)
    {
        if (!rdn.HasMultipleElements)
        {
            return $"{ShortName(rdn.GetSingleElementType().Value)}={rdn.GetSingleElementValue()}";
        }

        // A multi-valued RDN (CN=a+UID=b): OpenSSL lists each attribute as its own entry, so the original prints them
        // as separate "k=v" parts. .NET cannot enumerate them, so the SET is read with its DER reader.
        try
        {
            var parts = new List<string>();
            var set = new AsnReader(rdn.RawData, AsnEncodingRules.DER).ReadSetOf(skipSortOrderValidation: true);
            while (set.HasData)
            {
                var attribute = set.ReadSequence();
                var type = attribute.ReadObjectIdentifier();
                var tag = attribute.PeekTag();
                var value = tag.TagClass == TagClass.Universal && Enum.IsDefined((UniversalTagNumber)tag.TagValue)
                    ? attribute.ReadCharacterString((UniversalTagNumber)tag.TagValue)
                    : Convert.ToHexString(attribute.ReadEncodedValue().Span);
                parts.Add($"{ShortName(type)}={value}");
            }

            return string.Join(", ", parts);
        }
        catch (Exception ex) when (ex is AsnContentException or ArgumentException)
        {
            // Not a character string: .NET's own rendering of that RDN rather than nothing.
            var writer = new AsnWriter(AsnEncodingRules.DER);
            using (writer.PushSequence())
            {
                writer.WriteEncodedValue(rdn.RawData.Span);
            }

            return new X500DistinguishedName(writer.Encode()).Name;
        }
    }

    private static string? ShortName(string? oid) =>
        oid is not null && ShortNames.TryGetValue(oid, out var shortName) ? shortName : oid;
}
