namespace HybridGateway.DataPlane.Routing;

/// <summary>
/// Joins the service path and the request path the way Kong does (<c>kong/router/utils.lua</c>,
/// <c>path_handling</c> <c>v0</c> and <c>v1</c>).
/// </summary>
internal static class UpstreamPath
{
    public const string V0 = "v0";
    public const string V1 = "v1";

    /// <summary>Returns the path sent upstream.</summary>
    /// <param name="pathHandling"><c>v0</c> (Kong's default) or <c>v1</c>.</param>
    /// <param name="stripPath">The route's <c>strip_path</c>.</param>
    /// <param name="serviceBase">The service path; <c>/</c> when the service has none.</param>
    /// <param name="requestPath">The (normalized) request path.</param>
    /// <param name="matchedLength">How many leading characters of the request path the route's path matched.</param>
    public static string Join(string pathHandling, bool stripPath, string? serviceBase, string requestPath, int matchedLength)
    {
        // Kong's schema makes service paths start with '/'; be safe anyway, the result becomes a PathString.
        var upstreamBase = string.IsNullOrEmpty(serviceBase) ? "/" : serviceBase[0] == '/' ? serviceBase : "/" + serviceBase;
        var requestUri = string.IsNullOrEmpty(requestPath) ? "/" : requestPath;
        var postfix = stripPath ? SanitizePostfix(requestUri[Math.Min(matchedLength, requestUri.Length)..]) : string.Empty;

        return string.Equals(pathHandling, V1, StringComparison.Ordinal)
            ? JoinV1(stripPath, postfix, requestUri, upstreamBase)
            : JoinV0(stripPath, postfix, requestUri, upstreamBase);
    }

    private static string JoinV0(bool stripPath, string postfix, string requestUri, string upstreamBase)
    {
        if (upstreamBase[^1] == '/')
        {
            if (!stripPath)
            {
                // The whole request path, after the service path, without doubling the slash.
                return upstreamBase + requestUri[1..];
            }

            if (postfix.Length == 0)
            {
                if (upstreamBase == "/")
                {
                    return "/";
                }

                return requestUri[^1] == '/' ? upstreamBase : upstreamBase[..^1];
            }

            return postfix[0] == '/' ? upstreamBase[..^1] + postfix : upstreamBase + postfix;
        }

        if (!stripPath)
        {
            return requestUri == "/" ? upstreamBase : upstreamBase + requestUri;
        }

        if (postfix.Length == 0)
        {
            return requestUri.Length > 1 && requestUri[^1] == '/' ? upstreamBase + "/" : upstreamBase;
        }

        return postfix[0] == '/' ? upstreamBase + postfix : upstreamBase + "/" + postfix;
    }

    // v1: plain concatenation of the service path and the (stripped) request path; only a doubled slash is merged.
    private static string JoinV1(bool stripPath, string postfix, string requestUri, string upstreamBase)
    {
        var rest = stripPath ? postfix : requestUri;
        if (rest.Length == 0)
        {
            return upstreamBase;
        }

        if (upstreamBase[^1] == '/' && rest[0] == '/')
        {
            return upstreamBase + rest[1..];
        }

        return upstreamBase + rest;
    }

    // Kong refuses to let a stripped prefix turn the remainder into a relative dot segment.
    private static string SanitizePostfix(string postfix)
    {
        if (postfix.Length == 0)
        {
            return postfix;
        }

        if (postfix is "." or "..")
        {
            return string.Empty;
        }

        if (postfix.StartsWith("./", StringComparison.Ordinal))
        {
            return postfix[2..];
        }

        return postfix.StartsWith("../", StringComparison.Ordinal) ? postfix[3..] : postfix;
    }
}
