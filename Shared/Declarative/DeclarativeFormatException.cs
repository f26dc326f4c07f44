namespace HybridGateway.Shared.Declarative;

/// <summary>A declarative file that cannot be read as YAML or JSON at all (syntax, size, depth).</summary>
public sealed class DeclarativeFormatException : Exception
{
    public DeclarativeFormatException(string message, int? line = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Line = line;
    }

    /// <summary>The 1-based line where reading failed, when known.</summary>
    public int? Line { get; }
}
