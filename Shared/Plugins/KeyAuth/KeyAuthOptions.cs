namespace HybridGateway.Shared.Plugins.KeyAuth;

/// <summary>Config of Kong's <c>key-auth</c> plugin, read from a validated plugin <c>config</c>.</summary>
public sealed record KeyAuthOptions
{
    /// <summary>Header, query and body parameter names searched for the key.</summary>
    public IReadOnlyList<string> KeyNames { get; init; } = ["apikey"];

    /// <summary>Remove the key from the request before it is proxied.</summary>
    public bool HideCredentials { get; init; }

    /// <summary>A consumer id or username to fall back to when authentication fails.</summary>
    public string? Anonymous { get; init; }

    public bool KeyInHeader { get; init; } = true;

    public bool KeyInQuery { get; init; } = true;

    public bool KeyInBody { get; init; }

    public bool RunOnPreflight { get; init; } = true;

    public string? Realm { get; init; }
}
