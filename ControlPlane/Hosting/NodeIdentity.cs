namespace HybridGateway.ControlPlane.Hosting;

/// <summary>This control-plane node's id, kept in the data directory so it survives restarts (Kong's <c>node_id</c>).</summary>
internal sealed class NodeIdentity
{
    public NodeIdentity(ControlPlaneSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var path = Path.Combine(settings.DataDir, "node-id");
        if (File.Exists(path) && Guid.TryParse(File.ReadAllText(path).Trim(), out var id))
        {
            Id = id;
            return;
        }

        Id = Guid.NewGuid();
        File.WriteAllText(path, Id.ToString());
    }

    public Guid Id { get; }
}

/// <summary>Request counters for <c>GET /status</c>.</summary>
internal sealed class RequestCounters
{
    private long _total;
    private long _active;

    public long Total => Interlocked.Read(ref _total);

    public long Active => Interlocked.Read(ref _active);

    public void Started()
    {
        Interlocked.Increment(ref _total);
        Interlocked.Increment(ref _active);
    }

    public void Finished() => Interlocked.Decrement(ref _active);
}
