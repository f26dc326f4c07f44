using HybridGateway.DataPlane.Plugins.Authentication;

namespace HybridGateway.DataPlane.Plugins.Jwt;

/// <summary>A jwt plugin instance's verifier and verified-token cache for one config version.</summary>
internal sealed class JwtInstanceState
{
    public JwtInstanceState(JwtPluginOptions options, ConsumerDirectory consumers, TimeProvider time)
    {
        var credentials = consumers.JwtCredentials;
        Verifier = new JwtTokenVerifier(options.Settings, key => credentials.GetValueOrDefault(key), time);
    }

    public JwtTokenVerifier Verifier { get; }

    public JwtTokenCache Cache { get; } = new();
}
