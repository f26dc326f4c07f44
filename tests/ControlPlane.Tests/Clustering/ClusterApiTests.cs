using HybridGateway.Shared.Snapshots;

namespace HybridGateway.ControlPlane.Tests.Clustering;

public sealed class ClusterApiTests : ControlPlaneTest
{
    [TestCase(null)]
    [TestCase("wrong-token-wrong-token")]
    public async Task WithoutTheToken_Is401(string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/snapshots/latest");
        if (token is not null)
        {
            request.Headers.Authorization = AdminClient.Bearer(token);
        }

        var response = await Client.SendAsync(request);
        Assert.That((int)response.StatusCode, Is.EqualTo(401));
        Assert.That((string?)(await response.BodyAsync())["message"], Is.EqualTo("Unauthorized"));
    }

    [Test]
    public async Task Latest_ReturnsStoredBytesWithVersionAndHash()
    {
        await Client.CreateServiceAsync("svc");
        var stored = await Factory.WaitForSnapshotAsync();

        var response = await GetAsync("/v1/snapshots/latest");
        var bytes = await response.Content.ReadAsByteArrayAsync();

        Assert.That((int)response.StatusCode, Is.EqualTo(200));
        Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/octet-stream"));
        Assert.That(response.Headers.GetValues("X-Config-Version").Single(), Is.EqualTo(stored.Version.ToString()));
        Assert.That(response.Headers.GetValues("X-Config-Hash").Single(), Is.EqualTo(stored.Hash));
        Assert.That(response.Headers.GetValues("X-Config-Signature").Single(), Is.EqualTo(stored.Signature).And.StartsWith("es256:"));
        Assert.That(bytes, Is.EqualTo(stored.Snapshot));
        Assert.That(SnapshotCodec.Decode(bytes, stored.Hash).Services, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task ByVersion_ReturnsThatVersion_UnknownIs404()
    {
        await Factory.WaitForSnapshotAsync();
        var response = await GetAsync("/v1/snapshots/1");
        Assert.That((int)response.StatusCode, Is.EqualTo(200));
        Assert.That(response.Headers.GetValues("X-Config-Hash").Single(), Is.EqualTo(SnapshotCodec.EmptyConfigHash));

        var missing = await GetAsync("/v1/snapshots/999");
        Assert.That((int)missing.StatusCode, Is.EqualTo(404));
        Assert.That((string?)(await missing.BodyAsync())["message"], Is.EqualTo("Not found"));
    }

    [Test]
    public async Task NoVersionYet_Is404WithMessage()
    {
        // The snapshotter stores version 1 at start; remove it to see the "nothing yet" answer.
        await Factory.WaitForSnapshotAsync();
        await using (var db = Factory.Db())
        {
            db.ConfigVersions.RemoveRange(db.ConfigVersions);
            await db.SaveChangesAsync();
        }

        var response = await GetAsync("/v1/snapshots/latest");
        Assert.That((int)response.StatusCode, Is.EqualTo(404));
        Assert.That((string?)(await response.BodyAsync())["message"], Is.EqualTo("no configuration version yet"));
    }

    private Task<HttpResponseMessage> GetAsync(string path)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = AdminClient.Bearer(ControlPlaneFactory.ClusterToken);
        return Client.SendAsync(request);
    }
}
