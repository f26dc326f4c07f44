using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using HybridGateway.Shared.Secrets;
using HybridGateway.Shared.Snapshots;

namespace HybridGateway.ControlPlane.Hosting;

/// <summary>The database engines the store supports.</summary>
internal enum DatabaseProvider
{
    Sqlite,
    SqlServer,
}

/// <summary>
/// Every setting the control plane reads, checked once at start-up. An invalid value stops the process with a
/// message naming the setting, instead of failing later in a background service.
/// </summary>
internal sealed record ControlPlaneSettings
{
    public const string DefaultAdminListen = "http://127.0.0.1:8001";
    public const string DefaultClusterListen = "http://127.0.0.1:8005";
    public const string DefaultRabbitMqUrl = "amqp://guest:guest@127.0.0.1:5672/";
    public const long DefaultInlineLimitBytes = 256 * 1024;
    public const string ClusterTokenFileName = "cluster-token";
    public const string SecretsKeyFileName = "secrets-key";
    public const string SigningKeyFileName = "snapshot-signing-key.pem";
    public const string SigningPublicKeyFileName = "snapshot-signing-key.pub.pem";

    public required Uri AdminListen { get; init; }

    /// <summary>When set, Admin API requests must carry it (<c>Kong-Admin-Token</c> or a bearer token).</summary>
    public string? AdminToken { get; init; }

    public required Uri ClusterListen { get; init; }

    /// <summary>The bearer token of the cluster endpoints (configured, or generated into the data directory).</summary>
    public required string ClusterToken { get; init; }

    /// <summary>Where the cluster token came from: <c>configuration</c> or the file path (never the token).</summary>
    public required string ClusterTokenSource { get; init; }

    public required string DataDir { get; init; }

    /// <summary>The 32-byte data key that encrypts secrets at rest (<c>Secrets:Key</c>, or generated into the data directory).</summary>
    public required byte[] SecretsKey { get; init; }

    /// <summary>Where the data key came from: <c>configuration</c> or the file path (never the key).</summary>
    public required string SecretsKeySource { get; init; }

    /// <summary>
    /// The P-256 private key (PEM) that signs every snapshot (<c>Cluster:SigningKey</c>, a PEM file, or generated into
    /// the data directory). Data planes trust its public half, written next to it as <see cref="SigningPublicKeyFileName"/>.
    /// </summary>
    public required string SigningKeyPem { get; init; }

    /// <summary>Where the signing key came from (a path, never the key).</summary>
    public required string SigningKeySource { get; init; }

    public required DatabaseProvider DatabaseProvider { get; init; }

    public required string ConnectionString { get; init; }

    public required Uri RabbitMqUrl { get; init; }

    /// <summary>Snapshots whose compressed size is at most this travel inline; larger ones as a claim check.</summary>
    public required long InlineLimitBytes { get; init; }

    /// <summary>How many stored versions to keep; older published ones are pruned (data planes fetch the latest).</summary>
    public long RetainVersions { get; init; } = 500;

    /// <summary>
    /// How often the snapshotter looks for changes it was not signalled about (made by another control-plane
    /// instance on the same database). Changes made through this instance are snapshotted at once regardless.
    /// </summary>
    public TimeSpan SnapshotPollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>A data plane not heard from for longer than this is <c>offline</c>.</summary>
    public required TimeSpan OfflineAfter { get; init; }

    /// <summary>The largest Admin API request body accepted.</summary>
    public long AdminMaxBodyBytes { get; init; } = 1024 * 1024;

    /// <summary>
    /// A record prints every property; these hold tokens, the data key and database or broker passwords, so the text
    /// of the settings (in a log line, a debugger, an exception) shows where they came from, never their values.
    /// </summary>
    public override string ToString() =>
        $"ControlPlaneSettings {{ AdminListen = {AdminListen}, AdminToken = {(AdminToken is null ? "none" : "[withheld]")}, "
        + $"ClusterListen = {ClusterListen}, ClusterToken = [withheld] ({ClusterTokenSource}), SecretsKey = [withheld] ({SecretsKeySource}), "
        + $"SigningKey = [withheld] ({SigningKeySource}), "
        + $"DataDir = {DataDir}, DatabaseProvider = {DatabaseProvider}, ConnectionString = [withheld], "
        + $"RabbitMqUrl = {Shared.Configuration.SettingsText.WithoutUserInfo(RabbitMqUrl)}, InlineLimitBytes = {InlineLimitBytes}, RetainVersions = {RetainVersions}, "
        + $"SnapshotPollInterval = {SnapshotPollInterval}, OfflineAfter = {OfflineAfter}, AdminMaxBodyBytes = {AdminMaxBodyBytes} }}";

    /// <summary>Reads and checks every setting; throws <see cref="InvalidSettingsException"/> listing the bad ones.</summary>
    public static ControlPlaneSettings Load(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var errors = new List<string>();

        var adminListen = ReadListen(configuration, "Admin:Listen", DefaultAdminListen, errors);
        var adminToken = NullIfEmpty(configuration["Admin:Token"]);
        if (adminListen is not null && adminToken is null && !IsLoopback(adminListen))
        {
            errors.Add($"Invalid setting 'Admin:Listen': '{adminListen}' is not a loopback address, so 'Admin:Token' must be set (the Admin API is open only on loopback without a token).");
        }

        var clusterListen = ReadListen(configuration, "Cluster:Listen", DefaultClusterListen, errors);
        var dataDir = NullIfEmpty(configuration["ControlPlane:DataDir"]) ?? "./cp-data";

        var providerText = NullIfEmpty(configuration["Database:Provider"]) ?? nameof(DatabaseProvider.Sqlite);
        if (!Enum.TryParse<DatabaseProvider>(providerText, ignoreCase: true, out var provider) || !Enum.IsDefined(provider))
        {
            errors.Add($"Invalid setting 'Database:Provider': '{providerText}' (expected 'Sqlite' or 'SqlServer').");
        }

        var connectionString = NullIfEmpty(configuration.GetConnectionString("Gateway"));
        if (connectionString is null && provider == DatabaseProvider.SqlServer)
        {
            errors.Add("Invalid setting 'ConnectionStrings:Gateway': required when 'Database:Provider' is 'SqlServer'.");
        }

        var rabbitText = NullIfEmpty(configuration["RabbitMq:Url"]) ?? DefaultRabbitMqUrl;
        if (!Uri.TryCreate(rabbitText, UriKind.Absolute, out var rabbitUrl) || (rabbitUrl.Scheme != "amqp" && rabbitUrl.Scheme != "amqps"))
        {
            errors.Add("Invalid setting 'RabbitMq:Url': expected an amqp:// or amqps:// URL.");
        }

        var inlineLimit = ReadNumber(configuration, "Snapshots:InlineLimitBytes", DefaultInlineLimitBytes, 0, 64L * 1024 * 1024, errors);
        var offlineAfter = ReadNumber(configuration, "Clustering:OfflineAfterSeconds", 30, 1, 86400, errors);
        var retain = ReadNumber(configuration, "Snapshots:RetainVersions", 500, 2, 1_000_000, errors);
        var snapshotPoll = ReadNumber(configuration, "Snapshots:PollIntervalSeconds", 1, 1, 86400, errors);
        var maxBody = ReadNumber(configuration, "Admin:MaxBodyBytes", 1024 * 1024, 1024, 64L * 1024 * 1024, errors);

        var configuredClusterToken = NullIfEmpty(configuration["Cluster:Token"]);
        if (configuredClusterToken is { Length: < 16 })
        {
            errors.Add("Invalid setting 'Cluster:Token': use at least 16 characters.");
        }

        var configuredSecretsKey = NullIfEmpty(configuration["Secrets:Key"]);
        var secretsKey = configuredSecretsKey is null ? null : ParseSecretsKey(configuredSecretsKey);
        if (configuredSecretsKey is not null && secretsKey is null)
        {
            errors.Add($"Invalid setting 'Secrets:Key': expected the base64 of {SecretProtector.KeyLength} random bytes (e.g. `openssl rand -base64 32`).");
        }

        var configuredSigningKey = NullIfEmpty(configuration["Cluster:SigningKey"]);
        string? signingKeyPem = null;
        if (configuredSigningKey is not null)
        {
            signingKeyPem = ReadSigningKey(configuredSigningKey, errors);
        }

        if (errors.Count > 0)
        {
            throw new InvalidSettingsException("The control plane cannot start:" + Environment.NewLine + string.Join(Environment.NewLine, errors));
        }

        var fullDataDir = Path.GetFullPath(dataDir);
        Directory.CreateDirectory(fullDataDir);
        connectionString ??= $"Data Source={Path.Combine(fullDataDir, "gateway.db")}";

        string clusterToken;
        string tokenSource;
        if (configuredClusterToken is not null)
        {
            clusterToken = configuredClusterToken;
            tokenSource = "configuration";
        }
        else
        {
            tokenSource = Path.Combine(fullDataDir, ClusterTokenFileName);
            clusterToken = ReadOrCreateToken(tokenSource);
        }

        var secretsKeySource = "configuration";
        if (secretsKey is null)
        {
            secretsKeySource = Path.Combine(fullDataDir, SecretsKeyFileName);
            secretsKey = ReadOrCreateSecretsKey(secretsKeySource, ref secretsKeySource);
        }

        var signingKeySource = configuredSigningKey!;
        if (signingKeyPem is null)
        {
            signingKeySource = Path.Combine(fullDataDir, SigningKeyFileName);
            signingKeyPem = ReadOrCreateSigningKey(signingKeySource);
        }

        WritePublicKeyFile(Path.Combine(fullDataDir, SigningPublicKeyFileName), signingKeyPem);

        return new ControlPlaneSettings
        {
            SigningKeyPem = signingKeyPem,
            SigningKeySource = signingKeySource,
            SecretsKey = secretsKey,
            SecretsKeySource = secretsKeySource,
            AdminListen = adminListen!,
            AdminToken = adminToken,
            ClusterListen = clusterListen!,
            ClusterToken = clusterToken,
            ClusterTokenSource = tokenSource,
            DataDir = fullDataDir,
            DatabaseProvider = provider,
            ConnectionString = connectionString,
            RabbitMqUrl = rabbitUrl!,
            InlineLimitBytes = inlineLimit,
            OfflineAfter = TimeSpan.FromSeconds(offlineAfter),
            AdminMaxBodyBytes = maxBody,
            RetainVersions = retain,
            SnapshotPollInterval = TimeSpan.FromSeconds(snapshotPoll),
        };
    }

    /// <summary>True for <c>localhost</c> and loopback IP addresses.</summary>
    public static bool IsLoopback(Uri listen)
    {
        ArgumentNullException.ThrowIfNull(listen);
        return string.Equals(listen.Host, "localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(listen.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));
    }

    private static Uri? ReadListen(IConfiguration configuration, string key, string fallback, List<string> errors)
    {
        var text = NullIfEmpty(configuration[key]) ?? fallback;

        // Kestrel's wildcards are not valid URI hosts; treat them as "any address".
        var parsable = text.Replace("://*:", "://0.0.0.0:", StringComparison.Ordinal).Replace("://+:", "://0.0.0.0:", StringComparison.Ordinal);
        if (!Uri.TryCreate(parsable, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp || uri.AbsolutePath != "/")
        {
            errors.Add($"Invalid setting '{key}': '{text}' (expected http://host:port, e.g. '{fallback}').");
            return null;
        }

        return uri;
    }

    private static long ReadNumber(IConfiguration configuration, string key, long fallback, long min, long max, List<string> errors)
    {
        var text = NullIfEmpty(configuration[key]);
        if (text is null)
        {
            return fallback;
        }

        if (!long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            errors.Add($"Invalid setting '{key}': '{text}' (expected an integer between {min} and {max}).");
            return fallback;
        }

        return value;
    }

    private static string ReadOrCreateToken(string path)
    {
        if (File.Exists(path))
        {
            var existing = File.ReadAllText(path).Trim();
            if (existing.Length >= 16)
            {
                return existing;
            }
        }

        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        WritePrivateFile(path, token, overwrite: true);
        return token;
    }

    private static byte[]? ParseSecretsKey(string base64)
    {
        try
        {
            var key = Convert.FromBase64String(base64);
            return key.Length == SecretProtector.KeyLength ? key : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>
    /// The data key file: read when it exists, created (mode 600) only when it does not. A damaged file stops
    /// start-up instead of being replaced, since a new key could not read the secrets already stored.
    /// </summary>
    private static byte[] ReadOrCreateSecretsKey(string path, ref string source)
    {
        var (text, created) = ReadOrCreatePrivateFile(path, () => Convert.ToBase64String(RandomNumberGenerator.GetBytes(SecretProtector.KeyLength)));
        if (created)
        {
            source = $"{path} (generated now: back it up with the database)";
        }

        return ParseSecretsKey(text.Trim())
            ?? throw new InvalidSettingsException($"The control plane cannot start: the secrets data key file '{path}' does not hold the base64 of {SecretProtector.KeyLength} bytes. Restore it (stored private keys need it), or set 'Secrets:Key'.");
    }

    private static string? ReadSigningKey(string path, List<string> errors)
    {
        try
        {
            var pem = File.ReadAllText(path);
            using var check = SnapshotSigner.FromPem(pem);
            return pem;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
            errors.Add($"Invalid setting 'Cluster:SigningKey': '{path}' is not a readable P-256 private key PEM file ({ex.Message}).");
            return null;
        }
    }

    /// <summary>
    /// The generated signing key: read when it exists, created (mode 600) only when it does not. A damaged file stops
    /// start-up rather than being replaced, since data planes trust the key it held.
    /// </summary>
    private static string ReadOrCreateSigningKey(string path)
    {
        var pem = ReadOrCreatePrivateFile(path, SnapshotSigner.CreatePem).Text;
        try
        {
            using var check = SnapshotSigner.FromPem(pem);
            return pem;
        }
        catch (ArgumentException ex)
        {
            throw new InvalidSettingsException($"The control plane cannot start: the snapshot signing key file '{path}' is damaged ({ex.Message}). Restore it, or set 'Cluster:SigningKey' and give data planes its public key.", ex);
        }
    }

    /// <summary>
    /// A generated secret kept in the data directory: the file's text when it exists, else <paramref name="generate"/>'s,
    /// written first (mode 600). Never replaced: what was encrypted or trusted under it would be lost.
    /// </summary>
    private static (string Text, bool Created) ReadOrCreatePrivateFile(string path, Func<string> generate)
    {
        var created = false;
        if (!File.Exists(path))
        {
            try
            {
                WritePrivateFile(path, generate(), overwrite: false);
                created = true;
            }
            catch (IOException) when (File.Exists(path))
            {
                // Another instance on the same data directory created it first: use theirs.
            }
        }

        return (File.ReadAllText(path), created);
    }

    // The public half, for operators to give data planes (Cluster:SnapshotPublicKey). Rewritten at every start.
    private static void WritePublicKeyFile(string path, string privatePem)
    {
        using var signer = SnapshotSigner.FromPem(privatePem);
        if (!File.Exists(path) || File.ReadAllText(path) != signer.PublicKeyPem)
        {
            var temp = $"{path}.{Guid.NewGuid():N}.tmp";
            File.WriteAllText(temp, signer.PublicKeyPem);
            File.Move(temp, path, overwrite: true);
        }
    }

    /// <summary>Writes a file readable by its owner only (created with mode 600, never briefly wider), atomically.</summary>
    private static void WritePrivateFile(string path, string content, bool overwrite)
    {
        var temp = $"{path}.{Guid.NewGuid():N}.tmp";
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var writer = new StreamWriter(temp, options))
        {
            writer.Write(content);
        }

        try
        {
            File.Move(temp, path, overwrite);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

/// <summary>One or more settings are invalid; the message names each of them.</summary>
public sealed class InvalidSettingsException : Exception
{
    public InvalidSettingsException(string message)
        : base(message)
    {
    }

    public InvalidSettingsException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public InvalidSettingsException()
    {
    }
}
