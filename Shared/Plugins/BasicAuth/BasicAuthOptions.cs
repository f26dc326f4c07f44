namespace HybridGateway.Shared.Plugins.BasicAuth;

/// <summary>Config of Kong's <c>basic-auth</c> plugin, read from a validated plugin <c>config</c>.</summary>
public sealed record BasicAuthOptions
{
    /// <summary>A consumer id or username to fall back to when authentication fails.</summary>
    public string? Anonymous { get; init; }

    /// <summary>Remove the Authorization header from the request before it is proxied.</summary>
    public bool HideCredentials { get; init; }

    /// <summary>Realm in the <c>WWW-Authenticate</c> header of a 401.</summary>
    public string Realm { get; init; } = "service";
}
