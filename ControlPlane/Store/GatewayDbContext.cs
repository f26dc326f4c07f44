using HybridGateway.Shared.Snapshots;
using Microsoft.EntityFrameworkCore;

namespace HybridGateway.ControlPlane.Store;

/// <summary>
/// The control plane's store. One model for both providers; each provider has its own subclass so that its
/// migrations live in their own folder (<c>Store/Migrations/Sqlite</c>, <c>Store/Migrations/SqlServer</c>).
/// </summary>
internal abstract class GatewayDbContext(DbContextOptions options) : DbContext(options)
{
    /// <summary>Indexed text columns stay within SQL Server's index key limit.</summary>
    private const int KeyLength = 450;

    public DbSet<ServiceRow> Services => Set<ServiceRow>();

    public DbSet<RouteRow> Routes => Set<RouteRow>();

    public DbSet<ConsumerRow> Consumers => Set<ConsumerRow>();

    public DbSet<PluginRow> Plugins => Set<PluginRow>();

    public DbSet<KeyAuthCredentialRow> KeyAuthCredentials => Set<KeyAuthCredentialRow>();

    public DbSet<JwtSecretRow> JwtSecrets => Set<JwtSecretRow>();

    public DbSet<BasicAuthCredentialRow> BasicAuthCredentials => Set<BasicAuthCredentialRow>();

    public DbSet<KeySetRow> KeySets => Set<KeySetRow>();

    public DbSet<CustomPluginRow> CustomPlugins => Set<CustomPluginRow>();

    public DbSet<KeyRow> Keys => Set<KeyRow>();

    public DbSet<CaCertificateRow> CaCertificates => Set<CaCertificateRow>();

    public DbSet<TagRow> Tags => Set<TagRow>();

    public DbSet<ConfigStateRow> ConfigState => Set<ConfigStateRow>();

    public DbSet<ConfigVersionRow> ConfigVersions => Set<ConfigVersionRow>();

    public DbSet<DataPlaneNodeRow> DataPlaneNodes => Set<DataPlaneNodeRow>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);

        modelBuilder.Entity<ServiceRow>(b =>
        {
            b.ToTable("services");
            MapEntity(b);
            b.Property(r => r.Name).HasMaxLength(KeyLength);
            b.HasIndex(r => r.Name).IsUnique();
        });

        modelBuilder.Entity<RouteRow>(b =>
        {
            b.ToTable("routes");
            MapEntity(b);
            b.Property(r => r.Name).HasMaxLength(KeyLength);
            b.HasIndex(r => r.Name).IsUnique();
            b.Property(r => r.ServiceId).HasMaxLength(36);
            b.HasIndex(r => r.ServiceId);

            // Kong refuses to delete a service that routes reference; the store checks first, the key backs it up.
            b.HasOne<ServiceRow>().WithMany().HasForeignKey(r => r.ServiceId).OnDelete(DeleteBehavior.Restrict);
        });

        modelBuilder.Entity<ConsumerRow>(b =>
        {
            b.ToTable("consumers");
            MapEntity(b);
            b.Property(r => r.Username).HasMaxLength(KeyLength);
            b.HasIndex(r => r.Username).IsUnique();
            b.Property(r => r.CustomId).HasMaxLength(KeyLength);
            b.HasIndex(r => r.CustomId).IsUnique();
        });

        modelBuilder.Entity<PluginRow>(b =>
        {
            b.ToTable("plugins");
            MapEntity(b);
            b.Property(r => r.Name).HasMaxLength(KeyLength);
            b.Property(r => r.InstanceName).HasMaxLength(KeyLength);
            b.HasIndex(r => r.InstanceName).IsUnique();
            b.Property(r => r.ServiceId).HasMaxLength(36);
            b.Property(r => r.RouteId).HasMaxLength(36);
            b.Property(r => r.ConsumerId).HasMaxLength(36);
            b.HasIndex(r => r.ServiceId);
            b.HasIndex(r => r.RouteId);
            b.HasIndex(r => r.ConsumerId);
            b.Property(r => r.CacheKey).HasMaxLength(KeyLength);
            b.HasIndex(r => r.CacheKey).IsUnique();

            // The store deletes a parent's plugins itself (in the same transaction); the keys only guard integrity.
            b.HasOne<ServiceRow>().WithMany().HasForeignKey(r => r.ServiceId).OnDelete(DeleteBehavior.Restrict);
            b.HasOne<RouteRow>().WithMany().HasForeignKey(r => r.RouteId).OnDelete(DeleteBehavior.Restrict);
            b.HasOne<ConsumerRow>().WithMany().HasForeignKey(r => r.ConsumerId).OnDelete(DeleteBehavior.Restrict);
        });

        modelBuilder.Entity<KeyAuthCredentialRow>(b => MapCredential(b, "keyauth_credentials"));
        modelBuilder.Entity<JwtSecretRow>(b => MapCredential(b, "jwt_secrets"));
        modelBuilder.Entity<BasicAuthCredentialRow>(b => MapCredential(b, "basicauth_credentials", keyColumn: "username"));

        modelBuilder.Entity<CustomPluginRow>(b =>
        {
            b.ToTable("custom_plugins");
            MapEntity(b);
            b.Property(r => r.Name).HasMaxLength(KeyLength);
            b.HasIndex(r => r.Name).IsUnique();
        });

        modelBuilder.Entity<KeySetRow>(b =>
        {
            b.ToTable("key_sets");
            MapEntity(b);
            b.Property(r => r.Name).HasMaxLength(KeyLength);
            b.HasIndex(r => r.Name).IsUnique();
        });

        modelBuilder.Entity<KeyRow>(b =>
        {
            b.ToTable("keys");
            MapEntity(b);
            b.Property(r => r.Name).HasMaxLength(KeyLength);
            b.HasIndex(r => r.Name).IsUnique();
            b.Property(r => r.SetId).HasMaxLength(36);
            b.HasIndex(r => r.SetId);
            b.Property(r => r.CacheKey).HasMaxLength(KeyLength);
            b.HasIndex(r => r.CacheKey).IsUnique();

            // The store deletes a set's keys itself (Kong's cascade); the key only guards integrity.
            b.HasOne<KeySetRow>().WithMany().HasForeignKey(r => r.SetId).OnDelete(DeleteBehavior.Restrict);
        });

        modelBuilder.Entity<CaCertificateRow>(b =>
        {
            b.ToTable("ca_certificates");
            MapEntity(b);
            b.Property(r => r.CertDigest).HasMaxLength(64);
            b.HasIndex(r => r.CertDigest).IsUnique();
        });

        modelBuilder.Entity<TagRow>(b =>
        {
            b.ToTable("tags");
            b.HasKey(r => new { r.EntityId, r.Tag });
            b.Property(r => r.EntityId).HasMaxLength(36);
            b.Property(r => r.Tag).HasMaxLength(KeyLength);
            b.Property(r => r.EntityType).HasMaxLength(32);
            b.HasIndex(r => new { r.Tag, r.EntityType });
        });

        modelBuilder.Entity<ConfigStateRow>(b =>
        {
            b.ToTable("config_state");
            b.HasKey(r => r.Id);
            b.Property(r => r.Id).ValueGeneratedNever();
            b.HasData(new ConfigStateRow { Id = 1, Revision = 0 });
        });

        modelBuilder.Entity<ConfigVersionRow>(b =>
        {
            b.ToTable("config_versions");
            b.HasKey(r => r.Version);
            b.Property(r => r.Version).ValueGeneratedNever();
            b.Property(r => r.Hash).HasMaxLength(64);
            b.Property(r => r.Signature).HasMaxLength(SnapshotSignature.MaxLength);
            b.Property(r => r.ClusterKeyId).HasMaxLength(16);
            b.HasIndex(r => r.Revision);
            b.HasIndex(r => r.PublishedAt);
        });

        modelBuilder.Entity<DataPlaneNodeRow>(b =>
        {
            b.ToTable("data_plane_nodes");
            b.HasKey(r => r.Id);
            b.Property(r => r.Id).HasMaxLength(36);
            b.Property(r => r.Hostname).HasMaxLength(KeyLength);
            b.Property(r => r.SoftwareVersion).HasMaxLength(128);
            b.Property(r => r.AppliedHash).HasMaxLength(64);
        });
    }

    private static void MapCredential<TRow>(Microsoft.EntityFrameworkCore.Metadata.Builders.EntityTypeBuilder<TRow> b, string table, string keyColumn = "Key")
        where TRow : CredentialRow
    {
        b.ToTable(table);
        MapEntity(b);
        b.Property(r => r.Key).HasMaxLength(KeyLength).HasColumnName(keyColumn);
        b.HasIndex(r => r.Key).IsUnique();
        b.Property(r => r.ConsumerId).HasMaxLength(36);
        b.HasIndex(r => r.ConsumerId);

        // The store deletes a consumer's credentials itself (Kong's cascade); the key only guards integrity.
        b.HasOne<ConsumerRow>().WithMany().HasForeignKey(r => r.ConsumerId).OnDelete(DeleteBehavior.Restrict);
    }

    private static void MapEntity<TRow>(Microsoft.EntityFrameworkCore.Metadata.Builders.EntityTypeBuilder<TRow> b)
        where TRow : EntityRow
    {
        b.HasKey(r => r.Id);
        b.Property(r => r.Id).HasMaxLength(36).ValueGeneratedNever();
        b.Property(r => r.Document).IsRequired();
        b.HasIndex(r => r.CreatedAt);
    }
}

/// <summary>The SQLite flavour (embedded default); owns the migrations under <c>Store/Migrations/Sqlite</c>.</summary>
internal sealed class SqliteGatewayDbContext(DbContextOptions<SqliteGatewayDbContext> options) : GatewayDbContext(options);

/// <summary>The SQL Server flavour (production); owns the migrations under <c>Store/Migrations/SqlServer</c>.</summary>
internal sealed class SqlServerGatewayDbContext(DbContextOptions<SqlServerGatewayDbContext> options) : GatewayDbContext(options);
