using HybridGateway.DataPlane.Plugins;
using HybridGateway.DataPlane.Plugins.Custom;
using HybridGateway.DataPlane.Plugins.RequestTermination;
using HybridGateway.DataPlane.Status;
using HybridGateway.DataPlane.Tests.TestSupport;
using HybridGateway.Shared.Plugins.Sdk;
using HybridGateway.Tests.Common;
using Microsoft.Extensions.Logging.Abstractions;

namespace HybridGateway.DataPlane.Tests.Plugins.Custom;

public sealed class CustomPluginLoaderTests
{
    private static readonly string[] Bundled = ["cors", "key-auth", "request-termination"];

    private string _pluginsDir = null!;

    [SetUp]
    public void CreatePluginsDir() => _pluginsDir = TestPlugins.CreateDir();

    [TearDown]
    public void DeletePluginsDir() => Directory.Delete(Path.GetDirectoryName(_pluginsDir)!, recursive: true);

    [Test]
    public void Load_Sample_RegistersAddHeaderOnTheHostsSdk()
    {
        TestPlugins.InstallSample(_pluginsDir);

        var set = Load();

        Assert.That(set.Errors, Is.Empty);
        Assert.That(set.Plugins.Select(p => (p.Name, p.Version, p.Priority)), Is.EqualTo(new[] { ("add-header", "1.0.0", 800) }));
        var type = set.Plugins[0].GetType();
        Assert.That(System.Runtime.Loader.AssemblyLoadContext.GetLoadContext(type.Assembly), Is.TypeOf<PluginLoadContext>(), "its own load context");
        Assert.That(type.BaseType!.GetGenericTypeDefinition(), Is.SameAs(typeof(GatewayPlugin<>)), "the SDK types are the host's");
    }

    [Test]
    public void Load_FileThatIsNotAnAssembly_IsReportedAndSkipped_OthersLoad()
    {
        TestPlugins.InstallSample(_pluginsDir);
        var junk = TestPlugins.InstallJunk(_pluginsDir);

        var set = Load();

        Assert.That(set.Plugins.Select(p => p.Name), Is.EqualTo(new[] { "add-header" }));
        Assert.That(set.Errors, Has.Count.EqualTo(1));
        Assert.That(set.Errors[0].Path, Is.EqualTo(junk));
        Assert.That(set.Errors[0].Message, Does.StartWith("not a .NET assembly"));
    }

    [Test]
    public void Load_BrokenPlugins_EachIsReportedWithItsReasonAndSkipped_TheirNeighbourWithItsOwnDependencyLoads()
    {
        TestPlugins.InstallFixtures(_pluginsDir);

        var set = Load();

        Assert.That(set.Plugins.Select(p => p.Name), Is.EqualTo(new[] { "dependent" }), "plugin-dependency.dll is resolved from the plugin's folder");
        var messages = set.Errors.Select(e => e.Message).ToArray();
        Assert.That(messages, Has.Length.EqualTo(3));
        Assert.That(messages, Has.One.Contains("ThrowingPlugin: its constructor failed: the throwing plugin refuses to start"));
        Assert.That(messages, Has.One.Contains("plugin 'cors' has the name of a bundled plugin"));
        Assert.That(messages, Has.One.Contains("version 'latest', which is not a semantic version"));
        Assert.That(set.Errors.Select(e => e.Path), Has.All.EqualTo(Path.Combine(_pluginsDir, "broken-plugins", "broken-plugins.dll")));
    }

    [Test]
    public void Load_PluginWhoseDependencyIsMissing_IsReportedAndSkipped()
    {
        TestPlugins.InstallFixtures(_pluginsDir);
        File.Delete(Path.Combine(_pluginsDir, "broken-plugins", "plugin-dependency.dll"));

        var set = Load();

        Assert.That(set.Plugins, Is.Empty);
        Assert.That(set.Errors.Select(e => e.Message), Has.One.Contains("DependentPlugin: its constructor failed").And.One.Contains("plugin-dependency"));
    }

    [Test]
    public void Load_SamePluginNameTwice_SecondIsReportedAndSkipped()
    {
        TestPlugins.InstallSample(_pluginsDir);
        PluginFolders.Install(_pluginsDir, PluginFolders.SampleProject, PluginFolders.SampleName, "add-header-copy");

        var set = Load();

        Assert.That(set.Plugins.Select(p => p.Name), Is.EqualTo(new[] { "add-header" }));
        Assert.That(set.Errors.Single().Message, Does.Contain("another custom plugin is already named 'add-header'"));
    }

    [Test]
    public void Load_FolderWithoutItsAssembly_IsReported()
    {
        Directory.CreateDirectory(Path.Combine(_pluginsDir, "empty"));

        var set = Load();

        Assert.That(set.Plugins, Is.Empty);
        Assert.That(set.Errors.Single().Message, Does.StartWith("no plugin assembly"));
    }

    [Test]
    public void Load_MissingPluginsDir_LoadsNothingAndReportsNothing()
    {
        var set = CustomPluginLoader.Load(Path.Combine(_pluginsDir, "absent"), Bundled, NullLogger.Instance);

        Assert.That(set.Plugins, Is.Empty);
        Assert.That(set.Errors, Is.Empty);
    }

    [Test]
    public void Registry_ReportsCustomPluginsNextToBundledOnes_AsTheHeartbeatSendsThem()
    {
        TestPlugins.InstallSample(_pluginsDir);
        TestPlugins.InstallJunk(_pluginsDir);
        var bundled = new RequestTerminationHandler(new NodeIdentity(Guid.NewGuid(), "test-host", "0.0.0-test"));

        var registry = new PluginRegistry([bundled], Load());

        Assert.That(registry.Infos.Select(i => $"{i.Name}@{i.Version}"), Does.Contain("add-header@1.0.0").And.Contain($"request-termination@{bundled.Version}"));
        Assert.That(registry.Plugins.ContainsKey("Add-Header"), Is.True);
        Assert.That(registry.LoadErrors.Single().Message, Does.StartWith("not a .NET assembly"));
    }

    [TestCase("1.0.0.0", "1.0.0.0")]
    [TestCase("1.0.0.0", "1.3.0.0")]
    [TestCase("1.3.0.0", "1.3.0.0")]
    public void SdkProblem_SameMajorNoNewerMinor_CanRun(string builtAgainst, string host) =>
        Assert.That(CustomPluginLoader.SdkProblem(Version.Parse(builtAgainst), Version.Parse(host)), Is.Null);

    [TestCase("2.0.0.0", "1.0.0.0", "built against plugin SDK 2.0")]
    [TestCase("0.9.0.0", "1.0.0.0", "built against plugin SDK 0.9")]
    [TestCase("1.4.0.0", "1.3.0.0", "built against plugin SDK 1.4")]
    public void SdkProblem_OtherMajorOrNewerMinor_IsRefusedNamingBoth(string builtAgainst, string host, string expected) =>
        Assert.That(
            CustomPluginLoader.SdkProblem(Version.Parse(builtAgainst), Version.Parse(host)),
            Does.StartWith(expected + ", and this data plane has plugin SDK " + PluginSdk.Version));

    [Test]
    public void SdkAssemblyVersion_IsThePluginSdkVersion_AndTheSampleRecordsIt()
    {
        var sdk = typeof(IGatewayPlugin).Assembly.GetName();
        var declared = Version.Parse(PluginSdk.Version);
        Assert.That((sdk.Version!.Major, sdk.Version.Minor), Is.EqualTo((declared.Major, declared.Minor)), "Shared.csproj's AssemblyVersion follows PluginSdk.Version");

        TestPlugins.InstallSample(_pluginsDir);
        var sample = Load().Plugins.Single().GetType().Assembly;
        var reference = sample.GetReferencedAssemblies().Single(a => a.Name == sdk.Name);
        Assert.That(reference.Version, Is.EqualTo(sdk.Version), "what the loader compares");
    }

    private CustomPluginSet Load() => CustomPluginLoader.Load(_pluginsDir, Bundled, NullLogger.Instance);
}
