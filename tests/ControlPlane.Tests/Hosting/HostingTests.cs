using HybridGateway.ControlPlane.Hosting;
using Microsoft.Extensions.Configuration;

namespace HybridGateway.ControlPlane.Tests.Hosting;

public sealed class HostingTests
{
    private static IConfiguration Config(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    private static string TempDir() => Path.Combine(Path.GetTempPath(), "cp-tests", Guid.NewGuid().ToString("N"));

    [Test]
    public void Load_Defaults_AreKongLikeAndLoopback()
    {
        var dir = TempDir();
        var settings = ControlPlaneSettings.Load(Config(("ControlPlane:DataDir", dir)));

        Assert.That(settings.AdminListen.ToString(), Is.EqualTo("http://127.0.0.1:8001/"));
        Assert.That(settings.ClusterListen.ToString(), Is.EqualTo("http://127.0.0.1:8005/"));
        Assert.That(settings.DatabaseProvider, Is.EqualTo(DatabaseProvider.Sqlite));
        Assert.That(settings.ConnectionString, Does.Contain(Path.Combine(dir, "gateway.db")));
        Assert.That(settings.RabbitMqUrl.ToString(), Is.EqualTo("amqp://guest:guest@127.0.0.1:5672/"));
        Assert.That(settings.InlineLimitBytes, Is.EqualTo(256 * 1024));
        Assert.That(settings.OfflineAfter, Is.EqualTo(TimeSpan.FromSeconds(30)));
    }

    [Test]
    public void Load_NoClusterToken_GeneratesOneIntoDataDirAndReusesIt()
    {
        var dir = TempDir();
        var first = ControlPlaneSettings.Load(Config(("ControlPlane:DataDir", dir)));
        var second = ControlPlaneSettings.Load(Config(("ControlPlane:DataDir", dir)));

        var path = Path.Combine(dir, "cluster-token");
        Assert.That(File.ReadAllText(path), Is.EqualTo(first.ClusterToken));
        Assert.That(second.ClusterToken, Is.EqualTo(first.ClusterToken));
        Assert.That(first.ClusterToken, Has.Length.EqualTo(64));
        Assert.That(first.ClusterTokenSource, Is.EqualTo(path), "only the path is ever logged");
        if (!OperatingSystem.IsWindows())
        {
            Assert.That(File.GetUnixFileMode(path), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
        }
    }

    [Test]
    public void Load_NonLoopbackAdminWithoutToken_RefusesToStart()
    {
        var ex = Assert.Throws<InvalidSettingsException>(() =>
            ControlPlaneSettings.Load(Config(("ControlPlane:DataDir", TempDir()), ("Admin:Listen", "http://0.0.0.0:8001"))));
        Assert.That(ex!.Message, Does.Contain("'Admin:Listen'").And.Contain("Admin:Token"));
    }

    [Test]
    public void Load_NonLoopbackAdminWithToken_Starts()
    {
        var settings = ControlPlaneSettings.Load(Config(("ControlPlane:DataDir", TempDir()), ("Admin:Listen", "http://*:8001"), ("Admin:Token", "secret")));
        Assert.That(settings.AdminToken, Is.EqualTo("secret"));
    }

    [TestCase("Database:Provider", "Oracle")]
    [TestCase("Snapshots:InlineLimitBytes", "lots")]
    [TestCase("Clustering:OfflineAfterSeconds", "0")]
    [TestCase("RabbitMq:Url", "http://broker")]
    [TestCase("Admin:Listen", "not a url")]
    [TestCase("Cluster:Token", "short")]
    public void Load_InvalidSetting_FailsNamingIt(string key, string value)
    {
        var ex = Assert.Throws<InvalidSettingsException>(() =>
            ControlPlaneSettings.Load(Config(("ControlPlane:DataDir", TempDir()), (key, value))));
        Assert.That(ex!.Message, Does.Contain($"'{key}'"));
    }

    [Test]
    public void Load_SqlServerWithoutConnectionString_FailsNamingIt()
    {
        var ex = Assert.Throws<InvalidSettingsException>(() =>
            ControlPlaneSettings.Load(Config(("ControlPlane:DataDir", TempDir()), ("Database:Provider", "SqlServer"))));
        Assert.That(ex!.Message, Does.Contain("'ConnectionStrings:Gateway'"));
    }

    [Test]
    public async Task AdminToken_WhenConfigured_IsRequired()
    {
        using var factory = new ControlPlaneFactory(new() { ["Admin:Token"] = "admin-secret" });
        using var client = factory.CreateClient();

        Assert.That((int)(await client.GetAsync("/services")).StatusCode, Is.EqualTo(401));

        using var withHeader = new HttpRequestMessage(HttpMethod.Get, "/services");
        withHeader.Headers.Add("Kong-Admin-Token", "admin-secret");
        Assert.That((int)(await client.SendAsync(withHeader)).StatusCode, Is.EqualTo(200));

        using var withBearer = new HttpRequestMessage(HttpMethod.Get, "/services");
        withBearer.Headers.Authorization = AdminClient.Bearer("admin-secret");
        Assert.That((int)(await client.SendAsync(withBearer)).StatusCode, Is.EqualTo(200));
    }

    [Test]
    public async Task Factory_UsesItsOwnDataDirectory()
    {
        using var factory = new ControlPlaneFactory();
        using var client = factory.CreateClient();
        await client.GetAsync("/");
        Assert.That(File.Exists(Path.Combine(factory.DataDir, "gateway.db")), Is.True);
    }
}
