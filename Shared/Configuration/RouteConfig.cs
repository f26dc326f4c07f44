namespace HybridGateway.Shared.Configuration;

/// <summary>A route, with Kong's fields and defaults (traditional_compatible router).</summary>
public sealed record RouteConfig
{
    /// <summary>This field is required.</summary>
    public required Guid Id { get; init; }

    public long CreatedAt { get; init; }

    public long UpdatedAt { get; init; }

    public string? Name { get; init; }

    public IReadOnlyList<string> Protocols { get; init; } = ["http", "https"];

    public IReadOnlyList<string>? Methods { get; init; }

    public IReadOnlyList<string>? Hosts { get; init; }

    /// <summary>Prefix paths, or regex paths when they start with <c>~</c>.</summary>
    public IReadOnlyList<string>? Paths { get; init; }

    /// <summary>Header name to accepted values (values starting with <c>~*</c> are case-insensitive regexes).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>>? Headers { get; init; }

    public IReadOnlyList<string>? Snis { get; init; }

    public int HttpsRedirectStatusCode { get; init; } = 426;

    public int RegexPriority { get; init; }

    public bool StripPath { get; init; } = true;

    public string PathHandling { get; init; } = "v0";

    public bool PreserveHost { get; init; }

    public bool RequestBuffering { get; init; } = true;

    public bool ResponseBuffering { get; init; } = true;

    public EntityRef? Service { get; init; }

    public IReadOnlyList<string>? Tags { get; init; }
}
