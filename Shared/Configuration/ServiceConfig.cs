namespace HybridGateway.Shared.Configuration;

/// <summary>An upstream service, with Kong's fields and defaults.</summary>
public sealed record ServiceConfig
{
    /// <summary>This field is required.</summary>
    public required Guid Id { get; init; }

    public long CreatedAt { get; init; }

    public long UpdatedAt { get; init; }

    public string? Name { get; init; }

    public int Retries { get; init; } = 5;

    public string Protocol { get; init; } = "http";

    /// <summary>This field is required.</summary>
    public required string Host { get; init; }

    public int Port { get; init; } = 80;

    public string? Path { get; init; }

    public int ConnectTimeout { get; init; } = 60000;

    public int WriteTimeout { get; init; } = 60000;

    public int ReadTimeout { get; init; } = 60000;

    public IReadOnlyList<string>? Tags { get; init; }

    public EntityRef? ClientCertificate { get; init; }

    public bool? TlsVerify { get; init; }

    public int? TlsVerifyDepth { get; init; }

    public IReadOnlyList<Guid>? CaCertificates { get; init; }

    public bool Enabled { get; init; } = true;
}
