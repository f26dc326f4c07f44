using System.Text.Json;
using HybridGateway.DataPlane.Routing;
using HybridGateway.Shared.Configuration;
using HybridGateway.Shared.Snapshots;

namespace HybridGateway.DataPlane.Runtime;

/// <summary>
/// Runs the apply path once on a throw-away config at start-up (decode, validate, compile, match), so the first
/// real version after start does not pay for JIT compilation. Nothing is activated.
/// </summary>
internal static class RuntimeWarmup
{
    public static void Run(RuntimeBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var service = new ServiceConfig { Id = Guid.NewGuid(), Host = "warmup.invalid", Path = "/w" };
        var route = new RouteConfig
        {
            Id = Guid.NewGuid(),
            Service = new EntityRef(service.Id),
            Paths = ["/warmup", "~/warm/\\d+"],
            Hosts = ["warmup.invalid", "*.warmup.invalid"],
            Methods = ["GET"],
            Headers = new Dictionary<string, IReadOnlyList<string>> { ["x-warmup"] = ["1", "~*^w"] },
        };
        var plugin = new PluginConfig
        {
            Id = Guid.NewGuid(),
            Name = "request-termination",
            Route = new EntityRef(route.Id),
            Config = JsonSerializer.SerializeToElement(new { status_code = 503, message = "warmup" }),
        };
        var config = new GatewayConfig { Services = [service], Routes = [route], Plugins = [plugin] };

        var encoded = SnapshotCodec.Encode(config);
        var decoded = SnapshotCodec.Decode(encoded.Compressed, encoded.Hash);
        var runtime = builder.Build(decoded);
        var headers = new HeaderDictionary { ["x-warmup"] = "1" };
        runtime.Router.Match(new RouteRequest("GET", "http", "warmup.invalid", "/warmup/x", headers));
    }
}
