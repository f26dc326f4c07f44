using System.Text.Json;
using HybridGateway.Shared.Plugins.Sdk;

namespace HybridGateway.Samples.AddHeader;

/// <summary>
/// <c>add-header</c>: sets the request header <c>header</c> (default <c>X-Added</c>) to <c>value</c> before the
/// request is proxied, replacing any value the client sent.
/// </summary>
public sealed class AddHeaderPlugin : GatewayPlugin<AddHeaderOptions>
{
    public const string DefaultHeader = "X-Added";

    public override string Name => "add-header";

    // Must have the major version of manifest.json's "version": the data plane refuses configs of another major.
    public override string Version => "1.0.0";

    public override int Priority => 800;

    protected override AddHeaderOptions? Parse(JsonElement config, ICollection<string> errors)
    {
        // The control plane has checked the config against manifest.json's schema; this guards the data plane anyway.
        if (config.ValueKind != JsonValueKind.Object)
        {
            errors.Add("config: must be an object");
            return null;
        }

        var header = DefaultHeader;
        if (config.TryGetProperty("header", out var headerElement) && headerElement.ValueKind != JsonValueKind.Null)
        {
            header = headerElement.ValueKind == JsonValueKind.String ? headerElement.GetString()! : string.Empty;
            if (header.Length == 0 || !header.All(IsTokenChar))
            {
                errors.Add("config.header: must be an HTTP header name");
            }
        }

        if (!config.TryGetProperty("value", out var valueElement) || valueElement.ValueKind != JsonValueKind.String)
        {
            errors.Add("config.value: required field missing");
            return null;
        }

        var value = valueElement.GetString()!;
        if (value.Any(c => c is '\r' or '\n' or '\0'))
        {
            errors.Add("config.value: must not contain line breaks");
        }

        return errors.Count == 0 ? new AddHeaderOptions(header, value) : null;
    }

    protected override ValueTask AccessAsync(PluginContext context, AddHeaderOptions options)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(options);
        context.HttpContext.Request.Headers[options.Header] = options.Value;
        return ValueTask.CompletedTask;
    }

    // RFC 9110's token characters.
    private static bool IsTokenChar(char c) =>
        char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c, StringComparison.Ordinal);
}
