using HybridGateway.DataPlane.Hosting;

namespace HybridGateway.DataPlane;

/// <summary>The data-plane node's entry point.</summary>
public partial class Program
{
    public static async Task<int> Main(string[] args)
    {
        WebApplication app;
        try
        {
            app = DataPlaneHost.Build(args);
        }
        catch (InvalidSettingsException ex)
        {
            await Console.Error.WriteLineAsync(ex.Message).ConfigureAwait(false);
            return 2;
        }

        await app.RunAsync().ConfigureAwait(false);
        return 0;
    }
}
