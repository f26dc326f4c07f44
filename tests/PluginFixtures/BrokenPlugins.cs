using System.Text.Json;
using HybridGateway.Shared.Plugins.Sdk;
using HybridGateway.Tests.PluginFixtures.Dependency;

namespace HybridGateway.Tests.PluginFixtures;

/// <summary>A plugin whose constructor throws: the loader must skip it and say why.</summary>
public sealed class ThrowingPlugin : GatewayPlugin<object>
{
    public ThrowingPlugin() => throw new InvalidOperationException("the throwing plugin refuses to start");

    public override string Name => "throwing";

    public override string Version => "1.0.0";

    public override int Priority => 1;

    protected override object? Parse(JsonElement config, ICollection<string> errors) => new();
}

/// <summary>A plugin that takes a bundled plugin's name: the loader must skip it.</summary>
public sealed class CorsImpostorPlugin : GatewayPlugin<object>
{
    public override string Name => "cors";

    public override string Version => "1.0.0";

    public override int Priority => 1;

    protected override object? Parse(JsonElement config, ICollection<string> errors) => new();
}

/// <summary>A plugin whose version is not semantic: the control plane could not compare it with a manifest.</summary>
public sealed class UnversionedPlugin : GatewayPlugin<object>
{
    public override string Name => "unversioned";

    public override string Version => "latest";

    public override int Priority => 1;

    protected override object? Parse(JsonElement config, ICollection<string> errors) => new();
}

/// <summary>A plugin that needs its own dependency (plugin-dependency.dll, next to it): loads, or fails when it is missing.</summary>
public sealed class DependentPlugin : GatewayPlugin<object>
{
    public DependentPlugin() => Greeting = Dependency.Greeting.Text;

    public string Greeting { get; }

    public override string Name => "dependent";

    public override string Version => "1.0.0";

    public override int Priority => 1;

    protected override object? Parse(JsonElement config, ICollection<string> errors) => new();
}
