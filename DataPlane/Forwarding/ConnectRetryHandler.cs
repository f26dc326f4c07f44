using HybridGateway.DataPlane.Logging;

namespace HybridGateway.DataPlane.Forwarding;

/// <summary>
/// Kong's service <c>retries</c>: try again when the upstream cannot be connected to. Only connection failures are
/// retried: nothing of the request has been sent then, so a retry cannot duplicate it.
/// </summary>
internal sealed class ConnectRetryHandler : DelegatingHandler
{
    private readonly int _retries;
    private readonly ILogger _logger;

    public ConnectRetryHandler(int retries, ILogger logger, HttpMessageHandler inner)
        : base(inner)
    {
        ArgumentNullException.ThrowIfNull(logger);
        _retries = retries;
        _logger = logger;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            }
            catch (HttpRequestException ex) when (ex.HttpRequestError == HttpRequestError.ConnectionError
                && attempt < _retries && !cancellationToken.IsCancellationRequested)
            {
                Log.ConnectRetry(_logger, request.RequestUri?.Authority ?? "?", attempt + 1, _retries, ex.Message, null);
            }
        }
    }

    private static class Log
    {
        public static readonly Action<ILogger, string, int, int, string, Exception?> ConnectRetry =
            LoggerMessage.Define<string, int, int, string>(LogLevel.Debug, EventIds.ConnectRetry,
                "Could not connect to upstream {Authority}; retry {Attempt} of {Retries}: {Reason}");
    }
}
