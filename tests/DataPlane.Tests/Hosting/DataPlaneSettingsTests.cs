using HybridGateway.DataPlane.Hosting;
using HybridGateway.DataPlane.Tests.TestSupport;

namespace HybridGateway.DataPlane.Tests.Hosting;

public sealed class DataPlaneSettingsTests
{
    [Test]
    public void Read_Defaults()
    {
        var settings = TestSettings.Read();
        Assert.That(settings.ProxyListen.Port, Is.EqualTo(8000));
        Assert.That(settings.ProxyListen.IsAny, Is.True);
        Assert.That(settings.StatusListen.Port, Is.EqualTo(8100));
        Assert.That(settings.StatusListen.Address.ToString(), Is.EqualTo("127.0.0.1"));
        Assert.That(settings.ControlPlaneUrl.ToString(), Is.EqualTo("http://127.0.0.1:8005/"));
        Assert.That(settings.RabbitMqUrl.Port, Is.EqualTo(5672));
        Assert.That(settings.HeartbeatInterval, Is.EqualTo(TimeSpan.FromSeconds(5)));
        Assert.That(settings.PollInterval, Is.EqualTo(TimeSpan.FromSeconds(30)));
        Assert.That(settings.CacheDir, Is.EqualTo(Path.GetFullPath("./dp-data")));
        Assert.That(settings.NodeId, Is.Null);
        Assert.That(settings.ClusterToken, Is.Null);
        Assert.That(settings.ProxyTlsListen!.Port, Is.EqualTo(8443), "Kong's TLS proxy port");
        Assert.That(settings.ProxyTlsListen.IsAny, Is.True);
        Assert.That(settings.TlsCertificatePath, Is.Null, "a generated self-signed certificate");
    }

    [TestCase("")]
    [TestCase("off")]
    public void Read_EmptyOrOffTlsListen_TurnsTheTlsListenerOff(string value)
    {
        Assert.That(TestSettings.Read(("Proxy:TlsListen", value)).ProxyTlsListen, Is.Null);
    }

    [TestCase("http://0.0.0.0:8443", TestName = "Read_PlainHttpTlsListen_NamesSetting")]
    [TestCase("https://0.0.0.0:8000", TestName = "Read_TlsListenOnTheProxyPort_NamesSetting")]
    public void Read_BadTlsListen_NamesTheSetting(string value)
    {
        Assert.That(() => TestSettings.Read(("Proxy:TlsListen", value)), Throws.TypeOf<InvalidSettingsException>().With.Message.Contains("Proxy:TlsListen"));
    }

    [Test]
    public void Read_TlsCertificateWithoutKey_OrMissingFile_NamesTheSettings()
    {
        var certificate = Path.GetTempFileName();
        try
        {
            Assert.That(() => TestSettings.Read(("Proxy:TlsCertificate", certificate)), Throws.TypeOf<InvalidSettingsException>().With.Message.Contains("Proxy:TlsCertificateKey"));
            Assert.That(
                () => TestSettings.Read(("Proxy:TlsCertificate", certificate), ("Proxy:TlsCertificateKey", "/nonexistent/key.pem")),
                Throws.TypeOf<InvalidSettingsException>().With.Message.Contains("Proxy:TlsCertificateKey: the file"));
        }
        finally
        {
            File.Delete(certificate);
        }
    }

    [TestCase("Proxy:Listen", "ftp://x:1", TestName = "Read_BadProxyListen_NamesSetting")]
    [TestCase("Status:Listen", "http://example.com:8100", TestName = "Read_BadStatusListen_NamesSetting")]
    [TestCase("ControlPlane:Url", "not a url", TestName = "Read_BadControlPlaneUrl_NamesSetting")]
    [TestCase("RabbitMq:Url", "http://localhost", TestName = "Read_BadRabbitMqUrl_NamesSetting")]
    [TestCase("Heartbeat:IntervalSeconds", "-1", TestName = "Read_BadHeartbeat_NamesSetting")]
    [TestCase("DataPlane:NodeId", "node-1", TestName = "Read_BadNodeId_NamesSetting")]
    public void Read_Invalid_NamesTheSetting(string key, string value)
    {
        Assert.That(() => TestSettings.Read((key, value)), Throws.TypeOf<InvalidSettingsException>().With.Message.Contains(key));
    }

    [Test]
    public void Read_SamePortForProxyAndStatus_IsRejected()
    {
        Assert.That(
            () => TestSettings.Read(("Proxy:Listen", "http://0.0.0.0:9000"), ("Status:Listen", "http://127.0.0.1:9000")),
            Throws.TypeOf<InvalidSettingsException>().With.Message.Contains("Status:Listen"));
    }

    [Test]
    public void Read_BrokerPassword_IsNotEchoed()
    {
        Assert.That(
            () => TestSettings.Read(("RabbitMq:Url", "http://user:secret@host/")),
            Throws.TypeOf<InvalidSettingsException>().With.Message.Not.Contains("secret"));
    }

    [Test]
    public void SettingsAsText_NeverShowTheClusterTokenOrBrokerPassword()
    {
        var text = TestSettings.Read(("Cluster:Token", "cluster-token-0123456789"), ("RabbitMq:Url", "amqp://gw:broker-password@127.0.0.1:5672/")).ToString();

        Assert.That(text, Does.Not.Contain("cluster-token-0123456789").And.Not.Contain("broker-password"));
        Assert.That(text, Does.Contain("ClusterToken = [withheld]").And.Contain("amqp://[withheld]@127.0.0.1:5672/"));
    }
}
