using System.Text;
using System.Text.RegularExpressions;
using HybridGateway.ControlPlane.Store;
using Microsoft.AspNetCore.WebUtilities;

namespace HybridGateway.ControlPlane.AdminApi.Infrastructure;

/// <summary>Kong's collection parameters: <c>size</c> (1..1000, default 100), an opaque <c>offset</c>, <c>tags</c> filters.</summary>
internal sealed partial record PagingParameters(int Size, string? AfterId, IReadOnlyList<string>? Tags, bool TagsAny, string? RawTags, bool SizeGiven)
{
    public const int DefaultSize = 100;
    public const int MaxSize = 1000;
    public const int MaxTags = 5;

    public static (PagingParameters? Parameters, DaoError? Error) Parse(IQueryCollection query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var size = DefaultSize;
        var sizeGiven = false;
        if (query.TryGetValue("size", out var sizeValues))
        {
            sizeGiven = true;
            if (!double.TryParse(sizeValues.ToString(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var number))
            {
                return (null, DaoError.InvalidSize("size must be a number"));
            }

            if (number != Math.Floor(number) || number < 1 || number > MaxSize)
            {
                return (null, DaoError.InvalidSize($"size must be an integer between 1 and {MaxSize}"));
            }

            size = (int)number;
        }

        string? afterId = null;
        if (query.TryGetValue("offset", out var offsetValues) && offsetValues.ToString() is { Length: > 0 } offset)
        {
            afterId = DecodeOffset(offset);
            if (afterId is null)
            {
                return (null, DaoError.InvalidOffset(offset));
            }
        }

        string? rawTags = null;
        IReadOnlyList<string>? tags = null;
        var any = false;
        if (query.TryGetValue("tags", out var tagValues))
        {
            rawTags = tagValues.ToString();
            if (AndTags().IsMatch(rawTags))
            {
                tags = rawTags.Split(',', StringSplitOptions.RemoveEmptyEntries);
            }
            else if (OrTags().IsMatch(rawTags))
            {
                tags = rawTags.Split('/', StringSplitOptions.RemoveEmptyEntries);
                any = true;
            }
            else
            {
                return (null, DaoError.InvalidOption("tags", "invalid filter syntax"));
            }

            if (tags.Count > MaxTags)
            {
                return (null, DaoError.InvalidOption("tags", $"cannot query more than {MaxTags} tags"));
            }
        }

        return (new PagingParameters(size, afterId, tags, any, rawTags, sizeGiven), null);
    }

    public static string EncodeOffset(string id) => WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(id));

    /// <summary>The <c>next</c> link: top-level lists repeat <c>tags</c> and <c>size</c>, nested ones only the offset (as Kong).</summary>
    public string NextLink(string path, string nextAfterId, bool nested)
    {
        var link = $"{path}?offset={Uri.EscapeDataString(EncodeOffset(nextAfterId))}";
        if (!nested)
        {
            if (RawTags is not null)
            {
                link += $"&tags={Uri.EscapeDataString(RawTags)}";
            }

            if (SizeGiven)
            {
                link += $"&size={Size}";
            }
        }

        return link;
    }

    private static string? DecodeOffset(string offset)
    {
        try
        {
            var text = Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(offset));
            return Guid.TryParse(text, out var id) ? id.ToString() : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    // Kong's patterns (kong/api/endpoints.lua): a,b means all of them, a/b any of them; no mixing.
    [GeneratedRegex(@"^([\w.\-~]+(,|$))+$")]
    private static partial Regex AndTags();

    [GeneratedRegex(@"^([\w.\-~]+(/|$))+$")]
    private static partial Regex OrTags();
}
