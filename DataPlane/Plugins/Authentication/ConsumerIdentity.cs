using HybridGateway.Shared.Configuration;
using HybridGateway.Shared.Plugins.Sdk;

namespace HybridGateway.DataPlane.Plugins.Authentication;

/// <summary>
/// What every authentication plugin does once it knows who the caller is, as Kong's plugins do: set the consumer
/// and credential on the request and the <c>X-Consumer-*</c> upstream headers, clearing any a client sent so they
/// cannot be spoofed; and Kong's <c>anonymous</c> fallback when authentication fails.
/// </summary>
public static class ConsumerIdentity
{
    public const string ConsumerIdHeader = "X-Consumer-ID";
    public const string ConsumerCustomIdHeader = "X-Consumer-Custom-ID";
    public const string ConsumerUsernameHeader = "X-Consumer-Username";
    public const string CredentialIdentifierHeader = "X-Credential-Identifier";
    public const string AnonymousConsumerHeader = "X-Anonymous-Consumer";

    /// <summary>
    /// Kong's "logical OR": with <paramref name="anonymous"/> set, a caller another authentication plugin already
    /// identified passes this one unchecked.
    /// </summary>
    public static bool AlreadyAuthenticated(PluginContext context, string? anonymous)
    {
        ArgumentNullException.ThrowIfNull(context);
        return anonymous is not null && context.Credential is not null;
    }

    /// <summary>
    /// A successful authentication by <paramref name="plugin"/>: <paramref name="credentialIdentifier"/> becomes
    /// <c>X-Credential-Identifier</c>.
    /// </summary>
    public static void Authenticated(PluginContext context, string plugin, ConsumerConfig consumer, string credentialIdentifier)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(consumer);
        context.SetConsumer(consumer, credentialIdentifier, plugin);
        var headers = context.HttpContext.Request.Headers;
        SetConsumerHeaders(headers, consumer);
        headers[CredentialIdentifierHeader] = credentialIdentifier;
        headers.Remove(AnonymousConsumerHeader);
    }

    /// <summary>
    /// Kong's failure path: with <paramref name="anonymous"/> set, continue as that consumer (a 500 when it does not
    /// exist); without it, answer with <paramref name="fail"/>. Returns when the request was answered or continued.
    /// </summary>
    public static Task FailAsync(PluginContext context, string? anonymous, Func<Task> fail)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(fail);
        if (anonymous is null)
        {
            return fail();
        }

        var consumer = context.Consumers.FindAnonymous(anonymous);
        if (consumer is null)
        {
            return context.ErrorAsync(StatusCodes.Status500InternalServerError, $"anonymous consumer {anonymous} is configured but doesn't exist");
        }

        context.SetConsumer(consumer, credential: null);
        var headers = context.HttpContext.Request.Headers;
        SetConsumerHeaders(headers, consumer);
        headers.Remove(CredentialIdentifierHeader);
        headers[AnonymousConsumerHeader] = "true";
        return Task.CompletedTask;
    }

    private static void SetConsumerHeaders(IHeaderDictionary headers, ConsumerConfig consumer)
    {
        headers[ConsumerIdHeader] = consumer.Id.ToString();
        SetOrClear(headers, ConsumerCustomIdHeader, consumer.CustomId);
        SetOrClear(headers, ConsumerUsernameHeader, consumer.Username);
    }

    private static void SetOrClear(IHeaderDictionary headers, string name, string? value)
    {
        if (value is null)
        {
            headers.Remove(name);
        }
        else
        {
            headers[name] = value;
        }
    }
}
