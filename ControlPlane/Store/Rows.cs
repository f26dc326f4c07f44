namespace HybridGateway.ControlPlane.Store;

/// <summary>
/// An Admin API entity: its Kong JSON document (every field rendered, defaults filled) plus the columns that
/// lookups, uniqueness and references need. The document is the source of truth; columns are derived from it.
/// </summary>
internal abstract class EntityRow
{
    /// <summary>Lower-case UUID text: ordered the same way by every provider, which paging relies on.</summary>
    public string Id { get; set; } = "";

    /// <summary>Epoch seconds, as Kong renders <c>created_at</c>.</summary>
    public long CreatedAt { get; set; }

    public string Document { get; set; } = "";
}

internal sealed class ServiceRow : EntityRow
{
    public string? Name { get; set; }
}

internal sealed class RouteRow : EntityRow
{
    public string? Name { get; set; }

    public string? ServiceId { get; set; }
}

internal sealed class ConsumerRow : EntityRow
{
    public string? Username { get; set; }

    public string? CustomId { get; set; }
}

internal sealed class PluginRow : EntityRow
{
    public string Name { get; set; } = "";

    public string? InstanceName { get; set; }

    public string? ServiceId { get; set; }

    public string? RouteId { get; set; }

    public string? ConsumerId { get; set; }

    /// <summary>name + route + service + consumer: Kong allows one plugin of a name per scope.</summary>
    public string CacheKey { get; set; } = "";
}

/// <summary>A consumer's credential: its key is unique and is how the Admin API finds it (<c>/key-auths/{key}</c>).</summary>
internal abstract class CredentialRow : EntityRow
{
    public string Key { get; set; } = "";

    public string ConsumerId { get; set; } = "";
}

/// <summary>A key-auth credential (<c>keyauth_credentials</c>).</summary>
internal sealed class KeyAuthCredentialRow : CredentialRow;

/// <summary>A JWT credential (<c>jwt_secrets</c>).</summary>
internal sealed class JwtSecretRow : CredentialRow;

/// <summary>A basic-auth credential (<c>basicauth_credentials</c>); its key is the username (column <c>username</c>).</summary>
internal sealed class BasicAuthCredentialRow : CredentialRow;

/// <summary>A key set (<c>key_sets</c>): its keys are deleted with it.</summary>
/// <summary>A custom plugin's manifest (<c>custom_plugins</c>), named by its plugin name.</summary>
internal sealed class CustomPluginRow : EntityRow
{
    public string Name { get; set; } = "";
}

internal sealed class KeySetRow : EntityRow
{
    public string? Name { get; set; }
}

/// <summary>A key (<c>keys</c>); its document holds private material only in <c>enc:v1</c> form.</summary>
internal sealed class KeyRow : EntityRow
{
    public string? Name { get; set; }

    public string? SetId { get; set; }

    /// <summary>kid + set: Kong allows one key of a kid per set.</summary>
    public string CacheKey { get; set; } = "";
}

/// <summary>A trusted CA certificate (<c>ca_certificates</c>); its SHA-256 digest is unique.</summary>
internal sealed class CaCertificateRow : EntityRow
{
    public string? CertDigest { get; set; }
}

/// <summary>One tag of one entity; ids are UUIDs, unique across entity kinds.</summary>
internal sealed class TagRow
{
    public string EntityId { get; set; } = "";

    public string Tag { get; set; } = "";

    public string EntityType { get; set; } = "";
}

/// <summary>
/// The single-row config revision counter. Every Admin API write increments it first thing in its transaction,
/// which serializes writers across control-plane instances and tells the snapshotter that something changed.
/// </summary>
internal sealed class ConfigStateRow
{
    public int Id { get; set; }

    public long Revision { get; set; }
}

/// <summary>A stored config version: the outbox the publisher drains.</summary>
internal sealed class ConfigVersionRow
{
    /// <summary>1, 2, 3… without gaps: each stored snapshot gets the next number.</summary>
    public long Version { get; set; }

    /// <summary>The config revision the snapshot renders (revisions advance per change; versions per snapshot).</summary>
    public long Revision { get; set; }

    public string Hash { get; set; } = "";

    public long Size { get; set; }

    public long CompressedSize { get; set; }

    public byte[] Snapshot { get; set; } = [];

    /// <summary>The control plane's signature over version and hash (<c>es256:&lt;key id&gt;:…</c>); null only for versions stored before snapshots were signed.</summary>
    public string? Signature { get; set; }

    /// <summary>The id of the cluster key the snapshot's secrets are sealed with; a new key (a new cluster token) re-issues the config.</summary>
    public string? ClusterKeyId { get; set; }

    /// <summary>
    /// JSON array of the plugins the snapshot uses (<see cref="Shared.Contracts.PluginRequirement"/>), so the control plane
    /// can tell which nodes may be handed it without opening it; null for versions stored before it was recorded.
    /// </summary>
    public string? RequiredPlugins { get; set; }

    /// <summary>Epoch milliseconds.</summary>
    public long CreatedAt { get; set; }

    /// <summary>Epoch milliseconds when published to the broker; null while pending.</summary>
    public long? PublishedAt { get; set; }
}

/// <summary>The last heartbeat of a data-plane node.</summary>
internal sealed class DataPlaneNodeRow
{
    public string Id { get; set; } = "";

    public string Hostname { get; set; } = "";

    public string SoftwareVersion { get; set; } = "";

    public long? AppliedVersion { get; set; }

    public string? AppliedHash { get; set; }

    public string? LastApplyError { get; set; }

    public long? LastFailedVersion { get; set; }

    /// <summary>JSON array of <c>{"name","version"}</c>.</summary>
    public string PluginsJson { get; set; } = "[]";

    /// <summary>JSON array of <c>{"path","message"}</c>: custom plugins the node could not load.</summary>
    public string PluginErrorsJson { get; set; } = "[]";

    /// <summary>Epoch milliseconds, by the control plane's clock (not the node's).</summary>
    public long LastSeen { get; set; }

    /// <summary>The node's own timestamp of the report, to drop reports that arrive out of order.</summary>
    public long ReportedAt { get; set; }
}
