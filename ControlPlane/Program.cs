using HybridGateway.ControlPlane.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddApplicationServices();

var app = builder.Build();
app.UseControlPlane();
app.MapControlPlaneApis();
app.Run();

/// <summary>The control plane host; public and partial so tests can start it with WebApplicationFactory.</summary>
public partial class Program;
