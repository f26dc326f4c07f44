using HybridGateway.DataPlane.Logging;
using HybridGateway.DataPlane.Responses;
using Yarp.ReverseProxy.Forwarder;

namespace HybridGateway.DataPlane.Forwarding;

/// <summary>Turns YARP's empty 502/504 answers into Kong's error bodies.</summary>
internal sealed class UpstreamErrorMiddleware
{
    private readonly RequestDelegate _next;
    private readonly ILogger<UpstreamErrorMiddleware> _logger;

    public UpstreamErrorMiddleware(RequestDelegate next, ILogger<UpstreamErrorMiddleware> logger)
    {
        ArgumentNullException.ThrowIfNull(next);
        ArgumentNullException.ThrowIfNull(logger);
        _next = next;
        _logger = logger;
    }

    public async Task InvokeAsync(HttpContext context)
    {
        await _next(context).ConfigureAwait(false);

        var error = context.Features.Get<IForwarderErrorFeature>();
        if (error is null || error.Error == ForwarderError.None)
        {
            return;
        }

        Log.UpstreamError(_logger, error.Error.ToString(), error.Exception?.GetBaseException().Message ?? string.Empty, null);
        if (context.Response.HasStarted || context.RequestAborted.IsCancellationRequested)
        {
            return;
        }

        // Kong: 504 when the upstream timed out (connect or read), 502 for every other upstream failure.
        var status = error.Error == ForwarderError.RequestTimedOut || IsTimeout(error.Exception) ? StatusCodes.Status504GatewayTimeout
            : context.Response.StatusCode is >= 500 and < 600 ? StatusCodes.Status502BadGateway
            : context.Response.StatusCode;
        if (status < 500)
        {
            // Client-side failures (the client went away or sent a bad body): nothing to explain upstream-wise.
            return;
        }

        context.Response.Clear();
        await KongResponses.WriteErrorAsync(context, status).ConfigureAwait(false);
    }

    private static bool IsTimeout(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is TimeoutException)
            {
                return true;
            }
        }

        return false;
    }

    private static class Log
    {
        public static readonly Action<ILogger, string, string, Exception?> UpstreamError =
            LoggerMessage.Define<string, string>(LogLevel.Warning, EventIds.UpstreamError, "Upstream request failed ({Error}): {Reason}");
    }
}
