using System.Text.Json.Nodes;

namespace HybridGateway.ControlPlane.Tests.AdminApi;

public sealed class PaginationTests : ControlPlaneTest
{
    [Test]
    public async Task Pages_FollowNextUntilNull_SeeingEveryEntityOnce()
    {
        for (var i = 0; i < 7; i++)
        {
            await Client.CreateServiceAsync($"svc{i}");
        }

        var seen = new List<string>();
        string? next = "/services?size=3";
        var pages = 0;
        while (next is not null)
        {
            var body = await (await Client.GetAsync(next)).BodyAsync();
            seen.AddRange(body["data"]!.AsArray().Select(s => (string)s!["name"]!));
            next = (string?)body["next"];
            pages++;
            if (next is not null)
            {
                Assert.That(body["offset"], Is.Not.Null);
                Assert.That(next, Does.StartWith("/services?offset=").And.EndWith("&size=3"));
            }
            else
            {
                Assert.That(body.ContainsKey("offset"), Is.False, "no offset on the last page");
                Assert.That(body.ContainsKey("next"), Is.True, "next is an explicit null");
            }
        }

        Assert.That(pages, Is.EqualTo(3));
        Assert.That(seen.Order(), Is.EqualTo(Enumerable.Range(0, 7).Select(i => $"svc{i}")));
    }

    [TestCase("abc", "size must be a number")]
    [TestCase("0", "size must be an integer between 1 and 1000")]
    [TestCase("1001", "size must be an integer between 1 and 1000")]
    [TestCase("2.5", "size must be an integer between 1 and 1000")]
    public async Task BadSize_IsKongError(string size, string message)
    {
        var response = await Client.GetAsync($"/services?size={size}");
        var body = await response.BodyAsync();
        Assert.That((int)response.StatusCode, Is.EqualTo(400));
        Assert.That((int?)body["code"], Is.EqualTo(9));
        Assert.That((string?)body["name"], Is.EqualTo("invalid size"));
        Assert.That((string?)body["message"], Is.EqualTo(message));
    }

    [Test]
    public async Task BadOffset_IsInvalidOffset()
    {
        var response = await Client.GetAsync("/services?offset=%21%21");
        var body = await response.BodyAsync();
        Assert.That((int)response.StatusCode, Is.EqualTo(400));
        Assert.That((int?)body["code"], Is.EqualTo(7));
        Assert.That((string?)body["name"], Is.EqualTo("invalid offset"));
    }

    [Test]
    public async Task Tags_CommaIsAndSlashIsOr()
    {
        await Client.PostJsonAsync("/services", """{"name":"a","host":"h","tags":["red","big"]}""");
        await Client.PostJsonAsync("/services", """{"name":"b","host":"h","tags":["red"]}""");
        await Client.PostJsonAsync("/services", """{"name":"c","host":"h","tags":["blue"]}""");

        Assert.That(await NamesAsync("/services?tags=red,big"), Is.EqualTo(new[] { "a" }));
        Assert.That(await NamesAsync("/services?tags=red"), Is.EquivalentTo(new[] { "a", "b" }));
        Assert.That(await NamesAsync("/services?tags=big/blue"), Is.EquivalentTo(new[] { "a", "c" }));
        Assert.That(await NamesAsync("/services?tags=nope"), Is.Empty);
    }

    [Test]
    public async Task Tags_FollowsUpdates()
    {
        await Client.PostJsonAsync("/services", """{"name":"a","host":"h","tags":["red"]}""");
        await Client.PatchAsync("/services/a", AdminClient.Json("""{"tags":["green"]}"""));

        Assert.That(await NamesAsync("/services?tags=red"), Is.Empty);
        Assert.That(await NamesAsync("/services?tags=green"), Is.EqualTo(new[] { "a" }));
    }

    [Test]
    public async Task Tags_NextLinkKeepsFilter()
    {
        for (var i = 0; i < 3; i++)
        {
            await Client.PostJsonAsync("/services", $$"""{"name":"s{{i}}","host":"h","tags":["t"]}""");
        }

        var body = await (await Client.GetAsync("/services?tags=t&size=2")).BodyAsync();
        Assert.That((string?)body["next"], Does.Contain("&tags=t").And.Contain("&size=2"));
        var second = await (await Client.GetAsync((string)body["next"]!)).BodyAsync();
        Assert.That(second["data"]!.AsArray(), Has.Count.EqualTo(1));
    }

    [TestCase("a,b/c", "invalid option (tags: invalid filter syntax)")]
    [TestCase("a,b,c,d,e,f", "invalid option (tags: cannot query more than 5 tags)")]
    public async Task BadTags_AreInvalidOptions(string tags, string message)
    {
        var response = await Client.GetAsync($"/services?tags={Uri.EscapeDataString(tags)}");
        var body = await response.BodyAsync();
        Assert.That((int)response.StatusCode, Is.EqualTo(400));
        Assert.That((int?)body["code"], Is.EqualTo(11));
        Assert.That((string?)body["message"], Is.EqualTo(message));
    }

    [Test]
    public async Task NestedNext_HasOnlyOffset()
    {
        await Client.CreateServiceAsync("svc");
        for (var i = 0; i < 3; i++)
        {
            await Client.CreateRouteAsync("svc", $"r{i}", $"/p{i}");
        }

        var body = await (await Client.GetAsync("/services/svc/routes?size=2")).BodyAsync();
        Assert.That((string?)body["next"], Does.StartWith("/services/svc/routes?offset=").And.Not.Contain("size"));
    }

    [Test]
    public async Task Consumers_CustomIdFilter()
    {
        await Client.PostJsonAsync("/consumers", """{"username":"a","custom_id":"c-1"}""");
        await Client.PostJsonAsync("/consumers", """{"username":"b","custom_id":"c-2"}""");

        var body = await (await Client.GetAsync("/consumers?custom_id=c-2")).BodyAsync();
        Assert.That(body["data"]!.AsArray().Select(c => (string?)c!["username"]), Is.EqualTo(new[] { "b" }));
        Assert.That(body["next"], Is.Null);

        var empty = await Client.GetAsync("/consumers?custom_id=");
        Assert.That((int)empty.StatusCode, Is.EqualTo(400));
        Assert.That((string?)(await empty.BodyAsync())["message"], Is.EqualTo("custom_id must be an unempty string"));
    }

    private async Task<string[]> NamesAsync(string path)
    {
        var body = await (await Client.GetAsync(path)).BodyAsync();
        return [.. body["data"]!.AsArray().Select(s => (string)s!["name"]!)];
    }
}
