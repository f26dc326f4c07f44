using HybridGateway.Shared.Configuration;

namespace HybridGateway.Shared.Declarative;

/// <summary>The outcome of reading a declarative file: the whole config, or every error found.</summary>
public sealed record DeclarativeResult(GatewayConfig? Config, IReadOnlyList<DeclarativeError> Errors, string? FormatVersion)
{
    public bool IsValid => Config is not null && Errors.Count == 0;
}
