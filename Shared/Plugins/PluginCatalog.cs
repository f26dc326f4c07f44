using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;

namespace HybridGateway.Shared.Plugins;

/// <summary>An immutable catalog; duplicate names are refused (names are case-sensitive, as Kong's are).</summary>
public sealed class PluginCatalog : IPluginCatalog
{
    private readonly FrozenDictionary<string, PluginDefinition> _byName;

    public PluginCatalog(IEnumerable<PluginDefinition> definitions)
    {
        ArgumentNullException.ThrowIfNull(definitions);
        var byName = new Dictionary<string, PluginDefinition>(StringComparer.Ordinal);
        foreach (var definition in definitions)
        {
            if (!byName.TryAdd(definition.Name, definition))
            {
                throw new ArgumentException($"duplicate plugin name '{definition.Name}'", nameof(definitions));
            }
        }

        _byName = byName.ToFrozenDictionary(StringComparer.Ordinal);
    }

    public IEnumerable<PluginDefinition> All => _byName.Values.OrderBy(d => d.Name, StringComparer.Ordinal);

    public bool TryGet(string name, [NotNullWhen(true)] out PluginDefinition? definition) =>
        _byName.TryGetValue(name, out definition);

    /// <summary>A catalog of <paramref name="catalog"/>'s plugins and <paramref name="more"/> (custom plugins); a repeated name throws.</summary>
    public static IPluginCatalog With(IPluginCatalog catalog, IEnumerable<PluginDefinition> more)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(more);
        var added = more.ToList();
        return added.Count == 0 ? catalog : new PluginCatalog(catalog.All.Concat(added));
    }
}
