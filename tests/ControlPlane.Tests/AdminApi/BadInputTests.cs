namespace HybridGateway.ControlPlane.Tests.AdminApi;

/// <summary>Hostile or sloppy input gets a 4xx with a JSON message, never a 500.</summary>
public sealed class BadInputTests
{
    private static readonly string[] Bodies =
    [
        """{"id":"not-a-uuid","host":"h"}""",
        """{"id":5,"host":"h"}""",
        """{"host":"h","created_at":-1}""",
        """{"host":"h","created_at":"yesterday"}""",
        """{"host":"h","tags":"not-an-array"}""",
        """{"host":"h","tags":[1,{"a":1},null]}""",
        """{"host":"h","name":"\u0000\uD83D\uDE00 odd"}""",
        """{"host":"h","name":""}""",
        """{"host":{"nested":true}}""",
        """{"host":"h","port":1e400}""",
        """{"host":"h","port":-0.5}""",
        """{"url":"::::"}""",
        """{"url":"ftp://x"}""",
        """{"paths":["no-slash"],"service":"abc"}""",
        """{"paths":["/a"],"service":{"id":5}}""",
        """{"paths":["/a"],"service":{"id":"00000000-0000-0000-0000-00000000000g"}}""",
        """{"paths":["~/(unclosed"],"hosts":["*.*.x"]}""",
        """{"headers":{"x":"not-array"},"methods":["get"]}""",
        """{"name":"request-termination","config":[]}""",
        """{"name":"request-termination","config":{"status_code":"x","unknown":1}}""",
        """{"name":"request-termination","config":{"message":"a","body":"b"}}""",
        """{"name":["request-termination"]}""",
        """{"name":null}""",
        """{"username":null,"custom_id":null}""",
        """{"username":123}""",
        "null",
        "\"a string\"",
        """{"a":""" + new string('[', 100) + new string(']', 100) + "}",
    ];

    private static readonly string[] Forms =
    [
        "a.b.c.d.e=1&a.b=2",
        "tags[x]=1&tags[]=2",
        "paths[99999999999]=/a",
        "config.status_code[]=403&name=request-termination",
        "=&&&=x",
        "%zz=%zz",
        "service.id=nope&paths=/a",
        "port=abc&host=h",
    ];

    private static readonly string[] Collections = ["/services", "/routes", "/consumers", "/plugins"];

    [Test]
    public async Task WeirdBodies_NeverCause500()
    {
        using var factory = new ControlPlaneFactory();
        using var client = factory.CreateClient();
        await client.CreateServiceAsync("svc");
        await client.CreateRouteAsync("svc", "r", "/r");
        await client.PostJsonAsync("/consumers", """{"username":"bob"}""");
        await client.PostJsonAsync("/plugins", """{"name":"request-termination","instance_name":"rt"}""");

        var failures = new List<string>();
        foreach (var path in Collections.Concat(["/services/svc", "/routes/r", "/consumers/bob", "/plugins/rt", "/services/svc/routes", "/routes/r/plugins"]))
        {
            foreach (var body in Bodies)
            {
                foreach (var method in new[] { HttpMethod.Post, HttpMethod.Put, HttpMethod.Patch })
                {
                    await CheckAsync(failures, method, path, await client.SendJsonAsync(method, path, body), body);
                }
            }

            foreach (var form in Forms)
            {
                await CheckAsync(failures, HttpMethod.Post, path, await client.SendFormAsync(HttpMethod.Post, path, form), form);
                await CheckAsync(failures, HttpMethod.Patch, path, await client.SendFormAsync(HttpMethod.Patch, path, form), form);
            }
        }

        foreach (var query in new[] { "?size=", "?size=-1", "?offset=", "?offset=====", "?tags=", "?tags=%00", "?size=1e9", "?offset=AAAA" })
        {
            await CheckAsync(failures, HttpMethod.Get, "/services" + query, await client.GetAsync("/services" + query), "");
        }

        foreach (var path in new[] { "/services/%2F", "/services/..%2F..", "/services/" + new string('x', 5000), "/plugins/00000000-0000-0000-0000-000000000000/x" })
        {
            await CheckAsync(failures, HttpMethod.Get, path, await client.GetAsync(path), "");
            await CheckAsync(failures, HttpMethod.Delete, path, await client.DeleteAsync(path), "");
        }

        Assert.That(failures, Is.Empty);
    }

    private static async Task CheckAsync(List<string> failures, HttpMethod method, string path, HttpResponseMessage response, string body)
    {
        var status = (int)response.StatusCode;
        var text = await response.Content.ReadAsStringAsync();
        if (status >= 500)
        {
            failures.Add($"{method} {path} [{body}] -> {status} {text}");
        }
        else if (status >= 400 && !text.TrimStart().StartsWith('{'))
        {
            failures.Add($"{method} {path} [{body}] -> {status} without a JSON body: {text}");
        }
    }
}
