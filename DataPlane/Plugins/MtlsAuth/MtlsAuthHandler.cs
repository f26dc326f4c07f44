using System.Text.Json;
using HybridGateway.DataPlane.Plugins.Authentication;
using HybridGateway.Shared.Configuration;
using HybridGateway.Shared.Plugins.MtlsAuth;
using HybridGateway.Shared.Plugins.Sdk;

namespace HybridGateway.DataPlane.Plugins.MtlsAuth;

/// <summary>
/// Kong's <c>mtls-auth</c>: the client certificate of the TLS connection must chain to one of the configured
/// <c>ca_certificates</c> (<see cref="MtlsAuthVerifier"/>); the consumer is the first whose <c>consumer_by</c> field
/// equals one of the certificate's SANs, then its CN. The credential identifier is the subject DN, which x-custom-jwt
/// turns into <c>client_id</c>. Kong's 401 messages and anonymous fallback; <c>skip_consumer_lookup</c> sends the DN
/// and SANs upstream instead. Plain-HTTP requests carry no certificate, so they are refused like any caller without one.
/// </summary>
internal sealed class MtlsAuthHandler : GatewayPlugin<MtlsAuthOptions>
{
    public const string NoCertificateMessage = "No required TLS certificate was sent";
    public const string FailedVerificationMessage = "TLS certificate failed verification";
    public const string ClientCertDnHeader = "X-Client-Cert-Dn";
    public const string ClientCertSanHeader = "X-Client-Cert-San";

    private readonly TimeProvider _time;

    public MtlsAuthHandler(TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        _time = time;
    }

    public override string Name => MtlsAuthSchema.Name;

    public override string Version => MtlsAuthSchema.Definition.Version;

    public override int Priority => MtlsAuthSchema.Definition.Priority;

    // The config was validated with Shared's schema (defaults filled, STRICT refused) before the runtime is built.
    protected override MtlsAuthOptions? Parse(JsonElement config, ICollection<string> errors) =>
        config.Deserialize<MtlsAuthOptions>(GatewayJson.Options);

    protected override async ValueTask AccessAsync(PluginContext context, MtlsAuthOptions options)
    {
        if (ConsumerIdentity.AlreadyAuthenticated(context, options.Anonymous))
        {
            return;
        }

        var headers = context.HttpContext.Request.Headers;

        // Only this plugin says what the certificate was: a client cannot send these itself.
        headers.Remove(ClientCertDnHeader);
        headers.Remove(ClientCertSanHeader);

        var certificate = context.HttpContext.Connection.ClientCertificate;
        if (certificate is null)
        {
            await FailAsync(context, options, NoCertificateMessage);
            return;
        }

        var verifier = context.Consumers.GetOrAddPluginState(options, static (key, directory) => new MtlsAuthVerifier(directory, (MtlsAuthOptions)key), context.Consumers);
        if (verifier.Verify(certificate, _time.GetUtcNow()) is not { } identity)
        {
            await FailAsync(context, options, FailedVerificationMessage);
            return;
        }

        if (options.SkipConsumerLookup)
        {
            headers[ClientCertDnHeader] = identity.SubjectDn;
            if (identity.AlternativeNames.Count > 0)
            {
                headers[ClientCertSanHeader] = string.Join(',', identity.AlternativeNames);
            }

            return;
        }

        var consumer = verifier.FindConsumer(identity)
            ?? (options.DefaultConsumer is { } fallback ? context.Consumers.FindAnonymous(fallback) : null);
        if (consumer is null)
        {
            await FailAsync(context, options, FailedVerificationMessage);
            return;
        }

        ConsumerIdentity.Authenticated(context, Name, consumer, identity.SubjectDn);
    }

    private static Task FailAsync(PluginContext context, MtlsAuthOptions options, string message) =>
        ConsumerIdentity.FailAsync(context, options.Anonymous, () => context.ErrorAsync(StatusCodes.Status401Unauthorized, message));
}
