using System.Text.Json;
using HybridGateway.Shared.Configuration;
using HybridGateway.Shared.Validation;

namespace HybridGateway.Shared.Tests.Validation;

public sealed class ConfigValidatorTests
{
    private static readonly Guid ServiceId = Guid.NewGuid();

    private static GatewayConfig Valid() => new()
    {
        Services = [new ServiceConfig { Id = ServiceId, Name = "svc", Host = "upstream.local" }],
        Routes = [new RouteConfig { Id = Guid.NewGuid(), Name = "r", Paths = ["/api"], Service = new EntityRef(ServiceId) }],
        Plugins =
        [
            new PluginConfig
            {
                Id = Guid.NewGuid(),
                Name = "request-termination",
                Config = JsonDocument.Parse("""{"status_code":403,"message":"no","content_type":null,"body":null,"echo":false,"trigger":null}""").RootElement,
            },
        ],
    };

    [Test]
    public void Validate_ValidConfig_NoErrors()
    {
        Assert.That(ConfigValidator.Validate(Valid()), Is.Empty);
    }

    [Test]
    public void Validate_EmptyConfig_NoErrors()
    {
        Assert.That(ConfigValidator.Validate(GatewayConfig.Empty), Is.Empty);
    }

    [Test]
    public void Validate_DanglingReferencesAndBadFields_AllReported()
    {
        var config = Valid();
        var broken = config with
        {
            Routes = [config.Routes[0] with { Service = new EntityRef(Guid.NewGuid()), Paths = ["nope"] }],
            Plugins = [config.Plugins[0] with { Name = "missing-plugin", Route = new EntityRef(Guid.NewGuid()) }],
            Services = [config.Services[0], config.Services[0] with { Id = Guid.NewGuid(), Port = 99999 }],
        };

        var errors = ConfigValidator.Validate(broken);

        Assert.That(errors, Has.Some.Contains("does not reference an existing 'services' entity"));
        Assert.That(errors, Has.Some.Contains("does not reference an existing 'routes' entity"));
        Assert.That(errors, Has.Some.Contains("paths.1: should start with"));
        Assert.That(errors, Has.Some.Contains("plugin 'missing-plugin' not enabled"));
        Assert.That(errors, Has.Some.Contains("port: value should be between 0 and 65535"));
        Assert.That(errors, Has.Some.Contains("UNIQUE violation detected on 'name' = 'svc'"));
    }
}
