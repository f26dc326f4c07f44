namespace HybridGateway.ControlPlane.Tests;

/// <summary>A fresh control plane (own SQLite file, MassTransit test harness) and an Admin API client per test.</summary>
public abstract class ControlPlaneTest
{
    protected ControlPlaneFactory Factory { get; private set; } = null!;

    protected HttpClient Client { get; private set; } = null!;

    [SetUp]
    public void StartControlPlane()
    {
        Factory = new ControlPlaneFactory();
        Client = Factory.CreateClient();
    }

    [TearDown]
    public void StopControlPlane()
    {
        Client.Dispose();
        Factory.Dispose();
    }
}
