using System.Text.Json.Nodes;

namespace HybridGateway.Shared.Validation;

/// <summary>The outcome of <see cref="SchemaProcessor.Process"/>: the entity with defaults filled, and every error found.</summary>
public sealed record ProcessResult(JsonObject Entity, FieldErrors Errors)
{
    public bool IsValid => !Errors.HasErrors;
}
