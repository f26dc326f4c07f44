using System.Reflection;
using HybridGateway.DataPlane.Hosting;
using HybridGateway.DataPlane.Snapshots;

namespace HybridGateway.DataPlane.Status;

/// <summary>Who this node is: a stable id (persisted in the cache directory), its host name and software version.</summary>
internal sealed class NodeIdentity
{
    private const string NodeIdFile = "node-id";

    public NodeIdentity(Guid nodeId, string hostname, string softwareVersion)
    {
        NodeId = nodeId;
        Hostname = hostname;
        SoftwareVersion = softwareVersion;
    }

    public Guid NodeId { get; }

    public string Hostname { get; }

    public string SoftwareVersion { get; }

    /// <summary>The configured id, else the one persisted in the cache directory, else a new one (then persisted).</summary>
    public static NodeIdentity Create(DataPlaneSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var version = typeof(NodeIdentity).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? typeof(NodeIdentity).Assembly.GetName().Version?.ToString()
            ?? "0.0.0";
        var hostname = Environment.MachineName;
        if (settings.NodeId is { } configured)
        {
            return new NodeIdentity(configured, hostname, version);
        }

        try
        {
            Directory.CreateDirectory(settings.CacheDir);
            var path = Path.Combine(settings.CacheDir, NodeIdFile);
            if (File.Exists(path) && Guid.TryParse(File.ReadAllText(path).Trim(), out var persisted) && persisted != Guid.Empty)
            {
                return new NodeIdentity(persisted, hostname, version);
            }

            var created = Guid.NewGuid();
            AtomicFile.Write(path, System.Text.Encoding.ASCII.GetBytes(created.ToString("D") + "\n"));
            return new NodeIdentity(created, hostname, version);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InvalidSettingsException([$"{DataPlaneSettings.CacheDirKey}: '{settings.CacheDir}' is not a writable directory ({ex.Message})"]);
        }
    }
}
