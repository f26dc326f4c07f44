namespace HybridGateway.Shared.Plugins.Cors;

/// <summary>Config of Kong's <c>cors</c> plugin, read from a validated plugin <c>config</c>.</summary>
public sealed record CorsOptions
{
    public IReadOnlyList<string>? Origins { get; init; }

    public IReadOnlyList<string>? Headers { get; init; }

    public IReadOnlyList<string>? ExposedHeaders { get; init; }

    public IReadOnlyList<string>? Methods { get; init; }

    public double? MaxAge { get; init; }

    public bool Credentials { get; init; }

    public bool PrivateNetwork { get; init; }

    public bool PreflightContinue { get; init; }

    public bool AllowOriginAbsent { get; init; } = true;
}
