using HybridGateway.ControlPlane.Hosting;

var builder = WebApplication.CreateBuilder(args);
try
{
    builder.AddApplicationServices();
}
catch (InvalidSettingsException ex)
{
    // A bad setting is the operator's to fix: say which, without a stack trace.
    Console.Error.WriteLine(ex.Message);
    return 2;
}

var app = builder.Build();
app.UseControlPlane();
app.MapControlPlaneApis();
app.Run();
return 0;

/// <summary>The control plane host; public and partial so tests can start it with WebApplicationFactory.</summary>
public partial class Program;
