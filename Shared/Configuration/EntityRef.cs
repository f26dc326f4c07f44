namespace HybridGateway.Shared.Configuration;

/// <summary>A foreign key as Kong renders it: <c>{"id": "…"}</c>.</summary>
public sealed record EntityRef(Guid Id);
