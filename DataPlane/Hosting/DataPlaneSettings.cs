using System.Globalization;
using System.Net;

namespace HybridGateway.DataPlane.Hosting;

/// <summary>
/// The node's settings, read once at start-up from appsettings.json, environment variables
/// (<c>Proxy__Listen</c>) and the command line (<c>--Proxy:Listen=…</c>). Invalid values stop start-up with
/// a message naming the setting.
/// </summary>
internal sealed record DataPlaneSettings
{
    public const string ProxyListenKey = "Proxy:Listen";
    public const string ProxyTlsListenKey = "Proxy:TlsListen";
    public const string ProxyTlsCertificateKey = "Proxy:TlsCertificate";
    public const string ProxyTlsCertificateKeyKey = "Proxy:TlsCertificateKey";
    public const string StatusListenKey = "Status:Listen";
    public const string ControlPlaneUrlKey = "ControlPlane:Url";
    public const string ControlPlanePollKey = "ControlPlane:PollIntervalSeconds";
    public const string ClusterTokenKey = "Cluster:Token";
    public const string SnapshotPublicKeyKey = "Cluster:SnapshotPublicKey";
    public const string RabbitMqUrlKey = "RabbitMq:Url";
    public const string CacheDirKey = "DataPlane:CacheDir";
    public const string NodeIdKey = "DataPlane:NodeId";
    public const string PluginsDirKey = "DataPlane:PluginsDir";
    public const string HeartbeatIntervalKey = "Heartbeat:IntervalSeconds";

    public required ListenAddress ProxyListen { get; init; }

    /// <summary>The TLS proxy listener (Kong's 8443), or null when turned off with an empty value or <c>off</c>.</summary>
    public ListenAddress? ProxyTlsListen { get; init; }

    /// <summary>PEM certificate (chain) of the TLS listener; null means a self-signed one kept in the cache dir.</summary>
    public string? TlsCertificatePath { get; init; }

    /// <summary>PEM private key of <see cref="TlsCertificatePath"/>.</summary>
    public string? TlsCertificateKeyPath { get; init; }

    public required ListenAddress StatusListen { get; init; }

    public required Uri ControlPlaneUrl { get; init; }

    public required TimeSpan PollInterval { get; init; }

    public string? ClusterToken { get; init; }

    /// <summary>
    /// The control plane's snapshot signing key (public, P-256 PEM): only snapshots it signed are applied. The
    /// setting holds the PEM itself or the path of a file with it (the control plane writes
    /// <c>snapshot-signing-key.pub.pem</c> into its data directory).
    /// </summary>
    public required string SnapshotPublicKeyPem { get; init; }

    public required Uri RabbitMqUrl { get; init; }

    public required string CacheDir { get; init; }

    public Guid? NodeId { get; init; }

    /// <summary>The folder custom plugins are loaded from at start-up (<c>&lt;name&gt;/&lt;name&gt;.dll</c> each); default <c>./plugins</c>.</summary>
    public string PluginsDir { get; init; } = Path.GetFullPath("./plugins");

    public required TimeSpan HeartbeatInterval { get; init; }

    /// <summary>A record prints every property: the text of the settings never shows the cluster token or broker password.</summary>
    public override string ToString() =>
        $"DataPlaneSettings {{ ProxyListen = {ProxyListen}, ProxyTlsListen = {ProxyTlsListen?.ToString() ?? "off"}, TlsCertificatePath = {TlsCertificatePath ?? "self-signed"}, StatusListen = {StatusListen}, ControlPlaneUrl = {ControlPlaneUrl}, "
        + $"PollInterval = {PollInterval}, ClusterToken = {(ClusterToken is null ? "none" : "[withheld]")}, SnapshotPublicKey = (set), "
        + $"RabbitMqUrl = {Shared.Configuration.SettingsText.WithoutUserInfo(RabbitMqUrl)}, CacheDir = {CacheDir}, PluginsDir = {PluginsDir}, NodeId = {NodeId}, HeartbeatInterval = {HeartbeatInterval} }}";

    /// <summary>Reads and checks every setting; throws <see cref="InvalidSettingsException"/> listing all problems.</summary>
    public static DataPlaneSettings Read(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var errors = new List<string>();

        var proxy = ReadListen(configuration, ProxyListenKey, "http://0.0.0.0:8000", errors);
        var status = ReadListen(configuration, StatusListenKey, "http://127.0.0.1:8100", errors);
        ListenAddress? tls = null;
        var tlsText = configuration[ProxyTlsListenKey];
        if (tlsText is null || (tlsText.Trim().Length > 0 && !string.Equals(tlsText.Trim(), "off", StringComparison.OrdinalIgnoreCase)))
        {
            tls = ReadListen(configuration, ProxyTlsListenKey, "https://0.0.0.0:8443", errors, "https");
        }

        CheckDistinctPorts(status, StatusListenKey, proxy, ProxyListenKey, errors);
        CheckDistinctPorts(tls, ProxyTlsListenKey, proxy, ProxyListenKey, errors);
        CheckDistinctPorts(tls, ProxyTlsListenKey, status, StatusListenKey, errors);

        var tlsCertificate = ReadFile(configuration, ProxyTlsCertificateKey, errors);
        var tlsCertificateKey = ReadFile(configuration, ProxyTlsCertificateKeyKey, errors);
        if ((tlsCertificate is null) != (tlsCertificateKey is null))
        {
            errors.Add($"{ProxyTlsCertificateKey}: set both {ProxyTlsCertificateKey} and {ProxyTlsCertificateKeyKey}, or neither (a self-signed certificate is used)");
        }

        var controlPlane = ReadUri(configuration, ControlPlaneUrlKey, "http://127.0.0.1:8005", ["http", "https"], errors);
        var rabbit = ReadUri(configuration, RabbitMqUrlKey, "amqp://guest:guest@127.0.0.1:5672/", ["amqp", "amqps", "rabbitmq", "rabbitmqs"], errors);
        var poll = ReadSeconds(configuration, ControlPlanePollKey, 30, errors);
        var heartbeat = ReadSeconds(configuration, HeartbeatIntervalKey, 5, errors);

        var cacheDir = configuration[CacheDirKey];
        if (string.IsNullOrWhiteSpace(cacheDir))
        {
            cacheDir = "./dp-data";
        }

        var pluginsDir = configuration[PluginsDirKey];
        if (string.IsNullOrWhiteSpace(pluginsDir))
        {
            pluginsDir = "./plugins";
        }

        Guid? nodeId = null;
        var nodeIdText = configuration[NodeIdKey];
        if (!string.IsNullOrWhiteSpace(nodeIdText))
        {
            if (Guid.TryParse(nodeIdText, out var parsed) && parsed != Guid.Empty)
            {
                nodeId = parsed;
            }
            else
            {
                errors.Add($"{NodeIdKey}: '{nodeIdText}' is not a non-empty UUID");
            }
        }

        var token = configuration[ClusterTokenKey];
        var snapshotKey = ReadSnapshotPublicKey(configuration, errors);

        if (errors.Count > 0)
        {
            throw new InvalidSettingsException(errors);
        }

        return new DataPlaneSettings
        {
            ProxyListen = proxy!,
            ProxyTlsListen = tls,
            TlsCertificatePath = tlsCertificate,
            TlsCertificateKeyPath = tlsCertificateKey,
            StatusListen = status!,
            ControlPlaneUrl = controlPlane!,
            PollInterval = poll,
            ClusterToken = string.IsNullOrEmpty(token) ? null : token,
            SnapshotPublicKeyPem = snapshotKey!,
            RabbitMqUrl = rabbit!,
            CacheDir = Path.GetFullPath(cacheDir),
            PluginsDir = Path.GetFullPath(pluginsDir),
            NodeId = nodeId,
            HeartbeatInterval = heartbeat,
        };
    }

    private static string? ReadSnapshotPublicKey(IConfiguration configuration, List<string> errors)
    {
        var text = configuration[SnapshotPublicKeyKey]?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            errors.Add($"{SnapshotPublicKeyKey}: required. Give the control plane's snapshot signing public key (PEM, or the path of "
                + "snapshot-signing-key.pub.pem from the control plane's data directory): a data plane applies only snapshots signed with it");
            return null;
        }

        var pem = text;
        if (!text.StartsWith("-----BEGIN", StringComparison.Ordinal))
        {
            try
            {
                var file = new FileInfo(text);
                pem = file.Exists && file.Length <= 64 * 1024 ? File.ReadAllText(file.FullName) : throw new IOException(file.Exists ? "the file is too large" : "no such file");
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
            {
                errors.Add($"{SnapshotPublicKeyKey}: cannot read '{text}': {ex.Message}");
                return null;
            }
        }

        try
        {
            using var verifier = Shared.Snapshots.SnapshotVerifier.FromPem(pem);
            return pem;
        }
        catch (ArgumentException ex)
        {
            errors.Add($"{SnapshotPublicKeyKey}: {ex.Message}");
            return null;
        }
    }

    private static ListenAddress? ReadListen(IConfiguration configuration, string key, string fallback, List<string> errors, string scheme = "http")
    {
        var text = configuration[key];
        if (string.IsNullOrWhiteSpace(text))
        {
            text = fallback;
        }

        if (ListenAddress.TryParse(text, out var address, out var error, scheme))
        {
            return address;
        }

        errors.Add($"{key}: {error}");
        return null;
    }

    private static void CheckDistinctPorts(ListenAddress? a, string aKey, ListenAddress? b, string bKey, List<string> errors)
    {
        if (a is not null && b is not null && a.Port != 0 && a.Port == b.Port
            && (a.Address.Equals(b.Address) || a.IsAny || b.IsAny))
        {
            errors.Add($"{aKey}: must not use the same port as {bKey} ({a.Port})");
        }
    }

    private static string? ReadFile(IConfiguration configuration, string key, List<string> errors)
    {
        var text = configuration[key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var path = Path.GetFullPath(text);
        if (!File.Exists(path))
        {
            errors.Add($"{key}: the file '{path}' does not exist");
        }

        return path;
    }

    private static Uri? ReadUri(IConfiguration configuration, string key, string fallback, string[] schemes, List<string> errors)
    {
        var text = configuration[key];
        if (string.IsNullOrWhiteSpace(text))
        {
            text = fallback;
        }

        if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && schemes.Contains(uri.Scheme, StringComparer.OrdinalIgnoreCase))
        {
            return uri;
        }

        errors.Add($"{key}: '{Redact(text)}' is not an absolute {string.Join("/", schemes)} URL");
        return null;
    }

    private static TimeSpan ReadSeconds(IConfiguration configuration, string key, double fallback, List<string> errors)
    {
        var text = configuration[key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return TimeSpan.FromSeconds(fallback);
        }

        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds > 0 && seconds <= 86400)
        {
            return TimeSpan.FromSeconds(seconds);
        }

        errors.Add($"{key}: '{text}' is not a number of seconds between 0 (exclusive) and 86400");
        return TimeSpan.FromSeconds(fallback);
    }

    // A broker URL may carry a password: never echo it back.
    private static string Redact(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri) && !string.IsNullOrEmpty(uri.UserInfo)
            ? text.Replace(uri.UserInfo, "***", StringComparison.Ordinal)
            : text;
}

/// <summary>An <c>http://host:port</c> address Kestrel listens on.</summary>
internal sealed record ListenAddress(IPAddress Address, int Port, bool IsAny, bool IsLocalhost, string Original)
{
    /// <summary>Parses <paramref name="text"/>, which must use <paramref name="scheme"/> (<c>http</c>, or <c>https</c> for the TLS listener).</summary>
    public static bool TryParse(string text, out ListenAddress? address, out string? error, string scheme = "http")
    {
        address = null;
        error = null;
        if (!Uri.TryCreate(text.Trim(), UriKind.Absolute, out var uri)
            && !Uri.TryCreate(text.Trim().Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal), UriKind.Absolute, out uri))
        {
            error = $"'{text}' is not a URL like {scheme}://0.0.0.0:{(scheme == "https" ? 8443 : 8000)}";
            return false;
        }

        if (!string.Equals(uri.Scheme, scheme, StringComparison.OrdinalIgnoreCase))
        {
            error = $"'{text}' must use {scheme}";
            return false;
        }

        if (uri.AbsolutePath != "/" || !string.IsNullOrEmpty(uri.Query))
        {
            error = $"'{text}' must not have a path";
            return false;
        }

        var port = uri.Port;
        var host = uri.Host.Trim('[', ']');
        if (host is "*" or "+" or "0.0.0.0")
        {
            address = new ListenAddress(IPAddress.Any, port, IsAny: true, IsLocalhost: false, text);
            return true;
        }

        if (host is "::")
        {
            address = new ListenAddress(IPAddress.IPv6Any, port, IsAny: true, IsLocalhost: false, text);
            return true;
        }

        if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            address = new ListenAddress(IPAddress.Loopback, port, IsAny: false, IsLocalhost: true, text);
            return true;
        }

        if (IPAddress.TryParse(host, out var ip))
        {
            address = new ListenAddress(ip, port, IsAny: false, IsLocalhost: false, text);
            return true;
        }

        error = $"'{text}' must name an IP address, localhost or 0.0.0.0";
        return false;
    }
}

/// <summary>Settings that cannot be used; the message names each bad setting.</summary>
internal sealed class InvalidSettingsException : Exception
{
    public InvalidSettingsException(IReadOnlyList<string> errors)
        : base("Invalid data-plane settings: " + string.Join("; ", errors))
    {
        Errors = errors;
    }

    public IReadOnlyList<string> Errors { get; }
}
