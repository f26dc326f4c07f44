namespace HybridGateway.Shared.Plugins.XCustomJwt;

/// <summary>Config of the <c>x-custom-jwt</c> plugin, read from a validated plugin <c>config</c>.</summary>
public sealed record XCustomJwtOptions
{
    public string Iss { get; init; } = string.Empty;

    public string Jku { get; init; } = string.Empty;

    public string? PrivateJwk { get; init; }

    public string? KeySet { get; init; }

    public string? Kid { get; init; }

    public double ExpiresIn { get; init; } = 1800;

    public string UpstreamCustomJwtHeader { get; init; } = "X-Custom-Jwt";

    public string? DownstreamCustomJwtHeader { get; init; }

    public string ApikeyHeader { get; init; } = "apikey";

    public string BearerClientidClaim { get; init; } = "clientId";

    public bool Verbose { get; init; }
}
