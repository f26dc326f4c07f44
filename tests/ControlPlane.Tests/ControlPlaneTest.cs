namespace HybridGateway.ControlPlane.Tests;

/// <summary>A fresh control plane (own SQLite file, MassTransit test harness) and an Admin API client per test.</summary>
public abstract class ControlPlaneTest
{
    private protected ControlPlaneFactory Factory { get; private set; } = null!;

    private protected HttpClient Client { get; private set; } = null!;

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
