namespace HybridGateway.Shared.Configuration;

/// <summary>A basic-auth credential (Kong's <c>basicauth_credentials</c>): a username and hashed password of a consumer.</summary>
public sealed record BasicAuthCredentialConfig
{
    /// <summary>This field is required.</summary>
    public required Guid Id { get; init; }

    public long CreatedAt { get; init; }

    /// <summary>The owning consumer. This field is required.</summary>
    public required EntityRef Consumer { get; init; }

    /// <summary>The username; unique. This field is required.</summary>
    public required string Username { get; init; }

    /// <summary>The password's PBKDF2 hash (<see cref="Plugins.BasicAuth.BasicAuthPasswords"/>). This field is required.</summary>
    public required string Password { get; init; }

    public IReadOnlyList<string>? Tags { get; init; }
}
