namespace HybridGateway.Shared.Declarative;

/// <summary>One problem in a declarative file.</summary>
/// <param name="Path">Where: the entity's place in the file (<c>services[0].routes[1]</c>) and, for field errors, the field.</param>
/// <param name="Message">Kong's message for the problem.</param>
/// <param name="Line">The 1-based line of the entity in a YAML file, when known.</param>
public sealed record DeclarativeError(string Path, string Message, int? Line = null)
{
    public override string ToString()
    {
        var where = Path.Length == 0 ? Message : $"{Path}: {Message}";
        return Line is { } line ? $"line {line}: {where}" : where;
    }
}
