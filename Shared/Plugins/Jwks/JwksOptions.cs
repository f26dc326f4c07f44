namespace HybridGateway.Shared.Plugins.Jwks;

/// <summary>Config of the <c>jwks</c> plugin, read from a validated plugin <c>config</c>.</summary>
public sealed record JwksOptions
{
    public string KeySet { get; init; } = string.Empty;

    public int MaxAge { get; init; } = 300;
}
