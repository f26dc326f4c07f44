using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using HybridGateway.Shared.Configuration;
using HybridGateway.Shared.Plugins;
using HybridGateway.Shared.Plugins.Custom;
using Microsoft.EntityFrameworkCore;

namespace HybridGateway.ControlPlane.Store;

/// <summary>
/// The plugins the Admin API accepts: the bundled ones and the custom plugins stored in <c>custom_plugins</c>.
/// Every write of plugin instances refreshes it inside its own transaction (<see cref="RefreshAsync"/>), so an instance
/// is always validated against the manifests of the revision it is written into, also when another control-plane
/// instance changed them; a write of custom plugins refreshes it after its commit, for reads. Compiled schemas are kept
/// until their manifest changes.
/// </summary>
internal sealed class StoredPluginCatalog : IPluginCatalog
{
    private readonly IPluginCatalog _bundled;
    private readonly Lock _gate = new();
    private volatile IPluginCatalog _current;
    private string _loaded = string.Empty;

    public StoredPluginCatalog(IPluginCatalog bundled)
    {
        ArgumentNullException.ThrowIfNull(bundled);
        _bundled = bundled;
        _current = bundled;
    }

    public IEnumerable<PluginDefinition> All => _current.All;

    public bool TryGet(string name, [NotNullWhen(true)] out PluginDefinition? definition) => _current.TryGet(name, out definition);

    /// <summary>The stored manifests, in name order.</summary>
    public static async Task<List<CustomPluginManifest>> ReadAsync(GatewayDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var documents = await db.CustomPlugins.AsNoTracking().OrderBy(p => p.Name).Select(p => p.Document).ToListAsync(cancellationToken);
        return [.. documents.Select(Manifest)];
    }

    /// <summary>Reloads the custom plugins as <paramref name="db"/> sees them (inside the caller's transaction).</summary>
    public async Task RefreshAsync(GatewayDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var documents = await db.CustomPlugins.AsNoTracking().OrderBy(p => p.Name).Select(p => p.Document).ToListAsync(cancellationToken);
        var key = string.Join('\n', documents);
        lock (_gate)
        {
            if (key == _loaded)
            {
                return;
            }
        }

        var definitions = documents.Select(d => Manifest(d).ToDefinition()).ToList();
        lock (_gate)
        {
            _current = PluginCatalog.With(_bundled, definitions);
            _loaded = key;
        }
    }

    private static CustomPluginManifest Manifest(string document) =>
        JsonSerializer.Deserialize<CustomPluginManifest>(document, GatewayJson.Options) ?? throw new InvalidDataException("stored custom plugin is JSON null");
}
