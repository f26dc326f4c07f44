using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using HybridGateway.DataPlane.Hosting;
using HybridGateway.DataPlane.Plugins;
using HybridGateway.Shared.Plugins.Sdk;

namespace HybridGateway.DataPlane.Snapshots;

/// <summary>Fetches snapshots from the control plane's cluster endpoint.</summary>
internal interface IControlPlaneClient
{
    /// <summary>The latest version, or null when the control plane has none yet (404).</summary>
    Task<SnapshotPayload?> GetLatestAsync(CancellationToken cancellationToken);

    /// <summary>One version (claim check); throws when it cannot be fetched.</summary>
    Task<SnapshotPayload> GetVersionAsync(long version, CancellationToken cancellationToken);
}

/// <summary>
/// <c>GET {ControlPlane:Url}/v1/snapshots/{version|latest}</c> with <c>Authorization: Bearer {Cluster:Token}</c> and
/// the plugins this node carries in <c>X-Gateway-Plugins</c>; the body is the gzip snapshot, <c>X-Config-Version</c>,
/// <c>X-Config-Hash</c> and <c>X-Config-Signature</c> describe it. A version this node cannot run is refused with 409.
/// </summary>
internal sealed class ControlPlaneClient : IControlPlaneClient
{
    public const string HttpClientName = "control-plane";

    /// <summary>Largest compressed snapshot accepted over HTTP.</summary>
    private const long MaxCompressed = 256L * 1024 * 1024;

    private readonly IHttpClientFactory _clients;
    private readonly DataPlaneSettings _settings;
    private readonly string _pluginsHeader;

    public ControlPlaneClient(IHttpClientFactory clients, DataPlaneSettings settings, PluginRegistry plugins)
    {
        ArgumentNullException.ThrowIfNull(clients);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(plugins);
        _clients = clients;
        _settings = settings;
        _pluginsHeader = PluginRequirements.FormatHeader(plugins.Infos);
    }

    public async Task<SnapshotPayload?> GetLatestAsync(CancellationToken cancellationToken)
    {
        return await GetAsync("latest", expectedVersion: null, allowNotFound: true, cancellationToken).ConfigureAwait(false);
    }

    public async Task<SnapshotPayload> GetVersionAsync(long version, CancellationToken cancellationToken)
    {
        return await GetAsync(version.ToString(CultureInfo.InvariantCulture), version, allowNotFound: false, cancellationToken).ConfigureAwait(false)
            ?? throw new ControlPlaneException($"version {version} does not exist on the control plane");
    }

    private async Task<SnapshotPayload?> GetAsync(string which, long? expectedVersion, bool allowNotFound, CancellationToken cancellationToken)
    {
        var baseUrl = _settings.ControlPlaneUrl.ToString().TrimEnd('/');
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{baseUrl}/v1/snapshots/{which}");
        if (_settings.ClusterToken is { } token)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        request.Headers.TryAddWithoutValidation(PluginRequirements.HeaderName, _pluginsHeader);

        var client = _clients.CreateClient(HttpClientName);
        HttpResponseMessage response;
        try
        {
            response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            throw new ControlPlaneException($"control plane unreachable at {baseUrl}: {ex.Message}", ex);
        }
        catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ControlPlaneException($"control plane at {baseUrl} timed out", ex);
        }

        using (response)
        {
            if (response.StatusCode == HttpStatusCode.NotFound && allowNotFound)
            {
                return null;
            }

            if (response.StatusCode == HttpStatusCode.Conflict && TryVersion(response, out var refusedVersion))
            {
                throw new PluginsIncompatibleException(refusedVersion, Header(response, "X-Config-Hash") ?? "", await ConflictMessageAsync(response, cancellationToken).ConfigureAwait(false));
            }

            if (!response.IsSuccessStatusCode)
            {
                throw new ControlPlaneException($"GET /v1/snapshots/{which} answered {(int)response.StatusCode}");
            }

            var hash = Header(response, "X-Config-Hash");
            if (!TryVersion(response, out var version) || string.IsNullOrEmpty(hash))
            {
                throw new ControlPlaneException($"GET /v1/snapshots/{which} lacks valid X-Config-Version / X-Config-Hash headers");
            }

            if (expectedVersion is { } expected && expected != version)
            {
                throw new ControlPlaneException($"asked for version {expected}, got {version}");
            }

            if (response.Content.Headers.ContentLength is > MaxCompressed)
            {
                throw new ControlPlaneException($"snapshot {version} is larger than {MaxCompressed} bytes");
            }

            var bytes = await ReadLimitedAsync(response.Content, cancellationToken).ConfigureAwait(false);
            return new SnapshotPayload(version, hash.ToLowerInvariant(), Header(response, "X-Config-Signature"), bytes);
        }
    }

    private static bool TryVersion(HttpResponseMessage response, out long version) =>
        long.TryParse(Header(response, "X-Config-Version"), NumberStyles.Integer, CultureInfo.InvariantCulture, out version) && version > 0;

    // The control plane's own words for the refusal, read with a limit; a body that is not its JSON is not trusted.
    private static async Task<string> ConflictMessageAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        const int maxLength = 64 * 1024;
        if (response.Content.Headers.ContentLength is > maxLength)
        {
            return "the control plane refused it: this data plane lacks plugins it uses";
        }

        try
        {
            var body = await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken).ConfigureAwait(false);
            return body?["message"] is JsonValue message && message.TryGetValue(out string? text) && text.Length > 0
                ? text
                : "the control plane refused it: this data plane lacks plugins it uses";
        }
        catch (JsonException)
        {
            return "the control plane refused it: this data plane lacks plugins it uses";
        }
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault()?.Trim() : null;

    private static async Task<byte[]> ReadLimitedAsync(HttpContent content, CancellationToken cancellationToken)
    {
        await using var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > MaxCompressed)
            {
                throw new ControlPlaneException($"snapshot is larger than {MaxCompressed} bytes");
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}

/// <summary>The control plane will not hand this node <see cref="Version"/>: it uses plugins the node lacks.</summary>
internal sealed class PluginsIncompatibleException : Exception
{
    public PluginsIncompatibleException(long version, string hash, string message)
        : base(message)
    {
        Version = version;
        Hash = hash;
    }

    public long Version { get; }

    public string Hash { get; }
}

/// <summary>The control plane could not give us a snapshot.</summary>
internal sealed class ControlPlaneException : Exception
{
    public ControlPlaneException(string message)
        : base(message)
    {
    }

    public ControlPlaneException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
