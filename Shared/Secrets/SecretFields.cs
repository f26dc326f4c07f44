using System.Text.Json.Nodes;

namespace HybridGateway.Shared.Secrets;

/// <summary>
/// How an entity kind keeps its secret values: encrypted at rest by the store (<see cref="Protect"/> before a row is
/// written, <see cref="Unprotect"/> when the store needs the real entity) and withheld from everything shown to people
/// (<see cref="Redact"/>: Admin API answers, declarative exports). Each must be idempotent.
/// </summary>
public sealed record SecretFields
{
    /// <summary>Replaces each secret value of the entity by its protected form. This field is required.</summary>
    public required Action<JsonObject, SecretProtector> Protect { get; init; }

    /// <summary>Replaces each protected value of the entity by its clear form. This field is required.</summary>
    public required Action<JsonObject, SecretProtector> Unprotect { get; init; }

    /// <summary>Removes every secret value (clear or protected), saying in the entity that it was withheld. This field is required.</summary>
    public required Action<JsonObject> Redact { get; init; }
}
