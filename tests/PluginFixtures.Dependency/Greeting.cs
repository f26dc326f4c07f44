namespace HybridGateway.Tests.PluginFixtures.Dependency;

/// <summary>Something only the plugin's own folder provides.</summary>
public static class Greeting
{
    public static string Text => "hello from a plugin's own dependency";
}
