using System.Net;
using HybridGateway.DataPlane.Forwarding;
using Microsoft.Extensions.Logging.Abstractions;

namespace HybridGateway.DataPlane.Tests.Forwarding;

public sealed class ConnectRetryHandlerTests
{
    [Test]
    public async Task ConnectFailures_AreRetriedUpToTheLimit_ThenSucceed()
    {
        var inner = new ScriptedHandler(HttpRequestError.ConnectionError, HttpRequestError.ConnectionError);
        using var invoker = new HttpMessageInvoker(new ConnectRetryHandler(2, NullLogger.Instance, inner));

        var response = await invoker.SendAsync(new HttpRequestMessage(HttpMethod.Get, "http://upstream/"), CancellationToken.None);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(inner.Attempts, Is.EqualTo(3));
    }

    [Test]
    public void ConnectFailures_BeyondTheLimit_Surface()
    {
        var inner = new ScriptedHandler(HttpRequestError.ConnectionError, HttpRequestError.ConnectionError, HttpRequestError.ConnectionError);
        using var invoker = new HttpMessageInvoker(new ConnectRetryHandler(1, NullLogger.Instance, inner));

        Assert.That(async () => await invoker.SendAsync(new HttpRequestMessage(HttpMethod.Get, "http://upstream/"), CancellationToken.None), Throws.TypeOf<HttpRequestException>());
        Assert.That(inner.Attempts, Is.EqualTo(2));
    }

    [Test]
    public void OtherFailures_AreNeverRetried()
    {
        var inner = new ScriptedHandler(HttpRequestError.ResponseEnded);
        using var invoker = new HttpMessageInvoker(new ConnectRetryHandler(5, NullLogger.Instance, inner));

        Assert.That(async () => await invoker.SendAsync(new HttpRequestMessage(HttpMethod.Post, "http://upstream/"), CancellationToken.None), Throws.TypeOf<HttpRequestException>());
        Assert.That(inner.Attempts, Is.EqualTo(1), "the request may have reached the upstream: never replay it");
    }

    private sealed class ScriptedHandler(params HttpRequestError[] failures) : HttpMessageHandler
    {
        public int Attempts { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var attempt = Attempts++;
            return attempt < failures.Length
                ? throw new HttpRequestException(failures[attempt], "scripted failure")
                : Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK));
        }
    }
}
