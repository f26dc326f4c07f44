using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace HybridGateway.Shared.Validation;

/// <summary>Field definitions reused across entity and plugin schemas, with Kong's rules and messages (kong/db/schema/typedefs.lua).</summary>
public static partial class Typedefs
{
    /// <summary>Kong's protocols; we proxy HTTP(S), and accept gRPC names on plugins for Kong compatibility.</summary>
    public static readonly IReadOnlyList<string> HttpProtocols = ["http", "https"];

    public static FieldSchema Id() => Uuid("id") with
    {
        Auto = true,
        Description = "The entity's UUID, generated when absent.",
    };

    /// <summary>Kong's <c>typedefs.uuid</c>: a string that parses as a UUID.</summary>
    public static FieldSchema Uuid(string name) => new()
    {
        Name = name,
        Type = FieldType.String,
        Custom = v => Guid.TryParse(v.GetValue<string>(), out _) ? null : "expected a valid UUID",
    };

    public static FieldSchema Timestamp(string name) => new()
    {
        Name = name,
        Type = FieldType.Integer,
        Auto = true,
        Description = "Unix epoch seconds, set by the control plane.",
    };

    /// <summary>Kong's <c>utf8_name</c>: names of services, routes and plugin instances.</summary>
    public static FieldSchema Name(string name = "name", bool unique = true) => new()
    {
        Name = name,
        Type = FieldType.String,
        Unique = unique,
        LenMin = 1,
        LenMax = 128,
        Custom = v => ValidName(v.GetValue<string>()),
    };

    public static FieldSchema Tags() => new()
    {
        Name = "tags",
        Type = FieldType.Set,
        LenMax = 64,
        Elements = new FieldSchema
        {
            Name = "tag",
            Type = FieldType.String,
            LenMin = 1,
            LenMax = 128,
            Custom = v => ValidTag(v.GetValue<string>()),
        },
        Description = "Tags for grouping and filtering (`?tags=a,b`).",
    };

    public static FieldSchema Port(string name = "port", int? @default = 80) => new()
    {
        Name = name,
        Type = FieldType.Integer,
        Required = @default is not null,
        Default = @default is { } d ? JsonValue.Create(d) : null,
        Between = (0, 65535),
    };

    public static FieldSchema Timeout(string name) => new()
    {
        Name = name,
        Type = FieldType.Integer,
        Required = true,
        Default = JsonValue.Create(60000),
        Between = (1, 2147483646),
        Description = "Milliseconds.",
    };

    public static FieldSchema Host(string name = "host", bool required = false) => new()
    {
        Name = name,
        Type = FieldType.String,
        Required = required,
        Custom = v => ValidHost(v.GetValue<string>(), allowWildcard: false),
    };

    /// <summary>An upstream path: starts with '/', no empty segments are needed, no characters that need escaping.</summary>
    public static FieldSchema Path(string name = "path") => new()
    {
        Name = name,
        Type = FieldType.String,
        StartsWith = "/",
        LenMax = 1024,
        Custom = v => ValidPath(v.GetValue<string>()),
    };

    public static FieldSchema Bool(string name, bool @default, string? description = null) => new()
    {
        Name = name,
        Type = FieldType.Boolean,
        Required = true,
        Default = JsonValue.Create(@default),
        Description = description,
    };

    public static FieldSchema Foreign(string name, string reference, bool required = false) => new()
    {
        Name = name,
        Type = FieldType.Foreign,
        Reference = reference,
        Required = required,
    };

    public static FieldSchema Protocols(IReadOnlyList<string> allowed, IReadOnlyList<string> @default) => new()
    {
        Name = "protocols",
        Type = FieldType.Set,
        Required = true,
        LenMin = 1,
        Default = new JsonArray([.. @default.Select(p => (JsonNode?)JsonValue.Create(p))]),
        Elements = new FieldSchema { Name = "protocol", Type = FieldType.String, OneOf = allowed },
    };

    /// <summary>Kong's <c>typedefs.url</c>: an absolute URL with a scheme and a host.</summary>
    public static FieldSchema Url(string name) => new()
    {
        Name = name,
        Type = FieldType.String,
        Custom = v => Uri.TryCreate(v.GetValue<string>(), UriKind.Absolute, out var url) && url.Host.Length > 0
            ? null
            : v.GetValue<string>().Contains("://", StringComparison.Ordinal) ? "missing host in url" : "missing scheme in url",
    };

    /// <summary>An HTTP header name (RFC 7230 token).</summary>
    public static FieldSchema HeaderName(string name) => new()
    {
        Name = name,
        Type = FieldType.String,
        Custom = v => HeaderToken().IsMatch(v.GetValue<string>()) ? null : $"bad header name '{v.GetValue<string>()}', allowed characters are A-Z, a-z, 0-9, '_', and '-'",
    };

    internal static string? ValidName(string value)
    {
        foreach (var c in value)
        {
            if (c < 0x80 && !(char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' or '~'))
            {
                return $"invalid value '{value}': the only accepted ascii characters are alphanumerics or ., -, _, and ~";
            }
        }

        return null;
    }

    internal static string? ValidTag(string value)
    {
        foreach (var c in value)
        {
            if (c < 0x80 && (c < 0x21 || c > 0x7e || c is ',' or '/'))
            {
                return $"invalid tag '{value}': expected printable ascii (except `,` and `/`) or valid utf-8 sequences";
            }
        }

        return null;
    }

    /// <summary>A host name or IP address; with <paramref name="allowWildcard"/>, one leading or trailing <c>*</c> label.</summary>
    public static string? ValidHost(string value, bool allowWildcard)
    {
        var host = value;
        var colon = host.LastIndexOf(':');
        if (colon > 0 && !host.Contains(']', StringComparison.Ordinal) && host.IndexOf(':', StringComparison.Ordinal) == colon)
        {
            // host:port, as route hosts allow.
            if (!allowWildcard || !int.TryParse(host[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > 65535)
            {
                return $"invalid hostname: {value}";
            }

            host = host[..colon];
        }

        if (IPAddress.TryParse(host.Trim('[', ']'), out _))
        {
            return null;
        }

        if (allowWildcard && host.Contains('*', StringComparison.Ordinal))
        {
            if (host.Count(c => c == '*') > 1)
            {
                return "invalid wildcard: must have at most one wildcard";
            }

            if (!(host.StartsWith("*.", StringComparison.Ordinal) || host.EndsWith(".*", StringComparison.Ordinal)))
            {
                return "invalid wildcard: must be placed at leftmost or rightmost label";
            }

            host = host.Replace("*", "wildcard", StringComparison.Ordinal);
        }

        return HostName().IsMatch(host) ? null : $"invalid hostname: {value}";
    }

    internal static string? ValidPath(string value)
    {
        foreach (var c in value)
        {
            if (c <= 0x20 || c == 0x7f || c is '?' or '#' or '"' or '<' or '>' or '\\' or '^' or '`' or '{' or '|' or '}')
            {
                return $"invalid path: '{value}' (characters outside of the reserved list of RFC 3986 found)";
            }
        }

        return null;
    }

    [GeneratedRegex(@"^[A-Za-z0-9_\-]+$")]
    private static partial Regex HeaderToken();

    [GeneratedRegex(@"^(?=.{1,253}$)([A-Za-z0-9_]([A-Za-z0-9_\-]{0,61}[A-Za-z0-9_])?)(\.[A-Za-z0-9_]([A-Za-z0-9_\-]{0,61}[A-Za-z0-9_])?)*\.?$")]
    private static partial Regex HostName();
}
