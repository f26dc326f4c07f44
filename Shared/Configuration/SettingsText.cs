namespace HybridGateway.Shared.Configuration;

/// <summary>Settings as text for people: addresses without the credentials they may carry.</summary>
public static class SettingsText
{
    /// <summary><paramref name="url"/> with any <c>user:password@</c> replaced by <c>[withheld]@</c>.</summary>
    public static string WithoutUserInfo(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (!url.IsAbsoluteUri || url.UserInfo.Length == 0)
        {
            return url.ToString();
        }

        return $"{url.Scheme}://[withheld]@{url.Authority}{url.PathAndQuery}";
    }
}
