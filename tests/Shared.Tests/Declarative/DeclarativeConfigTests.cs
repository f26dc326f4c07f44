using HybridGateway.Shared.Declarative;
using HybridGateway.Shared.Snapshots;

namespace HybridGateway.Shared.Tests.Declarative;

public sealed class DeclarativeConfigTests
{
    private const string KongYaml = """
        _format_version: "3.0"
        _transform: true
        services:
        - name: svc
          url: http://upstream:8080
          routes:
          - name: r1
            paths: ["/api"]
            plugins:
            - name: request-termination
              config: { status_code: 403, message: "So long" }
        - name: other
          host: other.internal
          port: 9000
        routes:
        - name: r2
          service: other
          paths: ["/other"]
          methods: [GET]
        consumers:
        - username: alice
          custom_id: a-1
          plugins:
          - name: request-termination
          keyauth_credentials:
          - key: alice-key
        - username: bob
        keyauth_credentials:
        - consumer: bob
          key: bob-key
          ttl: 3600
        plugins:
        - name: request-termination
          route: r2
          config:
            status_code: 418
        """;

    [Test]
    public void Parse_KongYaml_NestedAndTopLevelEntitiesWithReferences()
    {
        var result = DeclarativeConfig.Parse(KongYaml);

        Assert.That(result.Errors, Is.Empty, string.Join("\n", result.Errors));
        var config = result.Config!;
        Assert.That(config.Services.Select(s => s.Name), Is.EquivalentTo(new[] { "svc", "other" }));
        var svc = config.Services.Single(s => s.Name == "svc");
        Assert.That((svc.Host, svc.Port, svc.Protocol), Is.EqualTo(("upstream", 8080, "http")));
        var r1 = config.Routes.Single(r => r.Name == "r1");
        var r2 = config.Routes.Single(r => r.Name == "r2");
        Assert.That(r1.Service!.Id, Is.EqualTo(svc.Id));
        Assert.That(r2.Service!.Id, Is.EqualTo(config.Services.Single(s => s.Name == "other").Id));
        Assert.That(r1.StripPath, Is.True, "schema defaults are filled");
        var alice = config.Consumers.Single(c => c.Username == "alice");
        var bob = config.Consumers.Single(c => c.Username == "bob");
        Assert.That(config.KeyAuthCredentials.Single(k => k.Key == "alice-key").Consumer.Id, Is.EqualTo(alice.Id));
        Assert.That(config.KeyAuthCredentials.Single(k => k.Key == "bob-key").Consumer.Id, Is.EqualTo(bob.Id));
        Assert.That(config.KeyAuthCredentials.Single(k => k.Key == "bob-key").Ttl, Is.EqualTo(3600));
        Assert.That(config.Plugins, Has.Count.EqualTo(3));
        Assert.That(config.Plugins.Single(p => p.Route?.Id == r1.Id).Config.GetProperty("status_code").GetInt32(), Is.EqualTo(403));
        Assert.That(config.Plugins.Single(p => p.Route?.Id == r2.Id).Config.GetProperty("status_code").GetInt32(), Is.EqualTo(418));
        Assert.That(config.Plugins.Single(p => p.Consumer is not null).Consumer!.Id, Is.EqualTo(alice.Id));
    }

    [Test]
    public void Parse_SameFileTwice_SameIdsAndHash()
    {
        var first = DeclarativeConfig.Parse(KongYaml).Config!;
        var second = DeclarativeConfig.Parse(KongYaml).Config!;

        Assert.That(SnapshotCodec.Encode(second).Hash, Is.EqualTo(SnapshotCodec.Encode(first).Hash));
    }

    [Test]
    public void Parse_GivenIdsAndTimestamps_AreKept()
    {
        var result = DeclarativeConfig.Parse("""
            {"_format_version":"3.0","services":[{"id":"9748f662-7711-4a90-8186-dc02f10eb0f5","created_at":1700000000,"name":"s","host":"h"}]}
            """, timestamp: 42);

        Assert.That(result.Errors, Is.Empty, string.Join("\n", result.Errors));
        var service = result.Config!.Services.Single();
        Assert.That(service.Id, Is.EqualTo(Guid.Parse("9748f662-7711-4a90-8186-dc02f10eb0f5")));
        Assert.That(service.CreatedAt, Is.EqualTo(1700000000));
        Assert.That(service.UpdatedAt, Is.EqualTo(1700000000));
    }

    [Test]
    public void Parse_MissingTimestamps_UseTheGivenOne()
    {
        var result = DeclarativeConfig.Parse("_format_version: \"3.0\"\nservices:\n- {name: s, host: h}\n", timestamp: 42);

        Assert.That(result.Config!.Services[0].CreatedAt, Is.EqualTo(42));
    }

    [Test]
    public void Parse_Format21_BareRegexPathsGetTheTildeOfKong3()
    {
        var result = DeclarativeConfig.Parse("""
            _format_version: "2.1"
            services:
            - name: s
              url: http://h
              routes:
              - name: plain
                paths: [/users/me, /a-b_c.d~e%20]
              - name: regex
                paths: ['/users/\d+$']
            """);

        Assert.That(result.Errors, Is.Empty, string.Join("\n", result.Errors));
        Assert.That(result.FormatVersion, Is.EqualTo("2.1"));
        Assert.That(result.Config!.Routes.Single(r => r.Name == "plain").Paths, Is.EqualTo(new[] { "/users/me", "/a-b_c.d~e%20" }));
        Assert.That(result.Config!.Routes.Single(r => r.Name == "regex").Paths, Is.EqualTo(new[] { @"~/users/\d+$" }));
    }

    [Test]
    public void Parse_UnquotedFormatVersion_Accepted()
    {
        Assert.That(DeclarativeConfig.Parse("_format_version: 3.0\n").Errors, Is.Empty);
    }

    [Test]
    public void Parse_EveryErrorWithPathAndLine()
    {
        var result = DeclarativeConfig.Parse("""
            _format_version: "3.0"
            bogus: []
            services:
            - name: svc
              host: h
              port: 70000
              routes:
              - name: r
            - name: svc
              host: h2
            routes:
            - name: orphan
              service: nowhere
              paths: [/x]
            """);

        var errors = result.Errors.Select(e => e.ToString()).ToList();
        Assert.That(result.Config, Is.Null);
        Assert.That(errors, Has.Some.EqualTo("bogus: unknown field"));
        Assert.That(errors, Has.Some.EqualTo("line 4: services[0].port: value should be between 0 and 65535"));
        Assert.That(errors, Has.Some.EqualTo("line 8: services[0].routes[0]: must set one of 'methods', 'hosts', 'headers', 'paths', 'snis' when 'protocols' is 'https'"));
        Assert.That(errors, Has.Some.EqualTo("line 9: services[1]: uniqueness violation: 'services' entity with name set to 'svc' already declared"));
        Assert.That(errors, Has.Some.EqualTo("line 12: routes[0].service: could not find services entity 'nowhere'"));
    }

    [TestCase("", "_format_version: required field missing")]
    [TestCase("_format_version: \"4.0\"", "_format_version: expected one of: 1.1, 2.1, 3.0")]
    [TestCase("- a\n- b", "expected a record (a mapping of entity names to lists)")]
    [TestCase("_format_version: \"3.0\"\nservices: {name: x}", "services: expected an array")]
    public void Parse_BadDocuments_ClearErrors(string yaml, string expected)
    {
        var result = DeclarativeConfig.Parse(yaml);

        Assert.That(result.Errors.Select(e => e.ToString()), Has.Some.EqualTo(expected));
    }

    [Test]
    public void Parse_YamlSyntaxError_ReportsTheLine()
    {
        var result = DeclarativeConfig.Parse("_format_version: \"3.0\"\nservices:\n  - name: [unclosed\n");

        Assert.That(result.Errors.Single().Message, Does.StartWith("invalid YAML"));
        Assert.That(result.Errors.Single().Line, Is.GreaterThanOrEqualTo(3));
    }

    [Test]
    public void Parse_DuplicateYamlKey_Refused()
    {
        var result = DeclarativeConfig.Parse("_format_version: \"3.0\"\n_format_version: \"2.1\"\n");

        Assert.That(result.Errors.Single().Message, Does.Contain("duplicate key").IgnoreCase.And.Contain("_format_version"));
    }

    [Test]
    public void Parse_AliasBomb_RefusedWithoutExhaustingMemory()
    {
        var yaml = "_format_version: \"3.0\"\na: &a [x, x, x, x, x, x, x, x, x, x]\n";
        for (var i = 0; i < 9; i++)
        {
            yaml += $"l{i}: &l{i} [*{(i == 0 ? "a" : $"l{i - 1}")}, *{(i == 0 ? "a" : $"l{i - 1}")}, *{(i == 0 ? "a" : $"l{i - 1}")}, *{(i == 0 ? "a" : $"l{i - 1}")}, *{(i == 0 ? "a" : $"l{i - 1}")}, *{(i == 0 ? "a" : $"l{i - 1}")}, *{(i == 0 ? "a" : $"l{i - 1}")}, *{(i == 0 ? "a" : $"l{i - 1}")}, *{(i == 0 ? "a" : $"l{i - 1}")}, *{(i == 0 ? "a" : $"l{i - 1}")}]\n";
        }

        var result = DeclarativeConfig.Parse(yaml);

        Assert.That(result.Errors.Single().Message, Does.Contain("more than"));
    }

    [Test]
    public void Parse_TooLarge_Refused()
    {
        var result = DeclarativeConfig.Parse(new string(' ', DeclarativeConfig.MaxLength + 1));

        Assert.That(result.Errors.Single().Message, Does.Contain("larger than"));
    }

    [Test]
    public void Export_ThenParse_SameConfigAndHash()
    {
        var original = DeclarativeConfig.Parse(KongYaml, timestamp: 1700000000).Config!;

        var yaml = DeclarativeExport.ToYaml(original);
        var reread = DeclarativeConfig.Parse(yaml);
        var json = DeclarativeConfig.Parse(DeclarativeExport.ToDocument(original).ToJsonString());

        Assert.That(reread.Errors, Is.Empty, string.Join("\n", reread.Errors) + "\n" + yaml);
        Assert.That(SnapshotCodec.Encode(reread.Config!).Hash, Is.EqualTo(SnapshotCodec.Encode(original).Hash), yaml);
        Assert.That(SnapshotCodec.Encode(json.Config!).Hash, Is.EqualTo(SnapshotCodec.Encode(original).Hash));
        Assert.That(yaml, Does.StartWith("_format_version: \"3.0\""));
    }

    [Test]
    public void Export_StringsThatLookLikeOtherTypes_StayStrings()
    {
        var config = DeclarativeConfig.Parse("""
            _format_version: "3.0"
            consumers:
            - username: "true"
              custom_id: "3.0"
              tags: ["null", "12"]
            - username: "multi\nline"
            """).Config!;

        var reread = DeclarativeConfig.Parse(DeclarativeExport.ToYaml(config)).Config!;

        var tricky = reread.Consumers.Single(c => c.Username == "true");
        Assert.That(tricky.CustomId, Is.EqualTo("3.0"));
        Assert.That(tricky.Tags, Is.EqualTo(new[] { "null", "12" }));
        Assert.That(reread.Consumers.Select(c => c.Username), Does.Contain("multi\nline"));
    }

    [Test]
    public void Parse_DuplicateApiKeys_RefusedWithoutRepeatingTheKey()
    {
        var result = DeclarativeConfig.Parse("""
            _format_version: "3.0"
            consumers:
            - username: a
              keyauth_credentials: [{key: s3cr3t-key}]
            - username: b
              keyauth_credentials: [{key: s3cr3t-key}]
            """);

        Assert.That(result.Errors.Select(e => e.Message), Has.Some.Contains("keyauth_credentials' entity with this key already declared"));
        Assert.That(string.Join("\n", result.Errors), Does.Not.Contain("s3cr3t-key"));
    }

    [Test]
    public void Parse_BasicAuthCredentials_NestedAndTopLevel_PasswordsHashed_HashesKept()
    {
        var exported = HybridGateway.Shared.Plugins.BasicAuth.BasicAuthPasswords.Hash("old");
        var result = DeclarativeConfig.Parse($$"""
            _format_version: "2.1"
            _transform: true
            consumers:
            - username: a
              basicauth_credentials:
              - username: a-login
                password: clear
            - username: b
            basicauth_credentials:
            - consumer: b
              username: b-login
              password: "{{exported}}"
            """);

        Assert.That(result.Errors, Is.Empty, string.Join("\n", result.Errors));
        var credentials = result.Config!.BasicAuthCredentials.OrderBy(c => c.Username).ToList();
        Assert.That(credentials.Select(c => c.Username), Is.EqualTo(new[] { "a-login", "b-login" }));
        Assert.That(HybridGateway.Shared.Plugins.BasicAuth.BasicAuthPasswords.Verify("clear", credentials[0].Password), Is.True);
        Assert.That(credentials[1].Password, Is.EqualTo(exported));
        Assert.That(credentials[1].Consumer.Id, Is.EqualTo(result.Config.Consumers.Single(c => c.Username == "b").Id));
    }

    [Test]
    public void Parse_DuplicateBasicAuthUsernames_Refused()
    {
        var result = DeclarativeConfig.Parse("""
            _format_version: "3.0"
            consumers:
            - username: a
              basicauth_credentials: [{username: login, password: x}]
            - username: b
              basicauth_credentials: [{username: login, password: y, id: 0c9b3bde-5b43-4d8c-a8a4-0d2f5f3b6c71}]
            """);

        Assert.That(result.Errors.Select(e => e.Message), Has.Some.EqualTo("uniqueness violation: 'basicauth_credentials' entity with username set to 'login' already declared"));
    }

    [Test]
    public void Parse_JwtSecrets_NestedAndTopLevel_KeysAndSecretsGeneratedWhenAbsent()
    {
        var result = DeclarativeConfig.Parse("""
            _format_version: "2.1"
            _transform: true
            consumers:
            - username: example-user
              jwt_secrets:
              - key: example-key
                secret: example-secret
            - username: other
            jwt_secrets:
            - consumer: other
            - consumer: other
              algorithm: RS256
              key: no-pem
            """);

        Assert.That(result.Errors.Select(e => e.ToString()), Is.EqualTo(new[]
        {
            "line 11: jwt_secrets[1]: failed conditional validation given value of field 'algorithm'",
            "line 11: jwt_secrets[1].rsa_public_key: required field missing",
        }));

        var fixedResult = DeclarativeConfig.Parse("""
            _format_version: "3.0"
            consumers:
            - username: example-user
              jwt_secrets:
              - key: example-key
                secret: example-secret
            jwt_secrets:
            - consumer: example-user
            """);
        Assert.That(fixedResult.Errors, Is.Empty, string.Join("\n", fixedResult.Errors));
        var secrets = fixedResult.Config!.JwtSecrets;
        Assert.That(secrets.Single(s => s.Key == "example-key").Secret, Is.EqualTo("example-secret"));
        var generated = secrets.Single(s => s.Key != "example-key");
        Assert.That(generated.Key, Does.Match("^[A-Za-z0-9]{32}$"));
        Assert.That(generated.Secret, Does.Match("^[A-Za-z0-9]{32}$"));
        Assert.That(generated.Algorithm, Is.EqualTo("HS256"));
    }

    [Test]
    public void Parse_TutorialDbLessFile_Format21_WithJwtPluginAndHsAndRsCredentials()
    {
        using var rsa = System.Security.Cryptography.RSA.Create(2048);
        var pem = string.Join("\n", rsa.ExportSubjectPublicKeyInfoPem().Split('\n').Select(l => "      " + l));
        var yaml = $"""
            _format_version: "2.1"
            _transform: true

            services:
            - name: example-service
              url: http://httpbin.org
              routes:
              - name: example-route
                paths:
                - /example
                plugins:
                - name: jwt

            consumers:
            - username: example-user
              jwt_secrets:
              - algorithm: HS256
                key: hs-key
                secret: hs-secret
              - algorithm: RS256
                key: test-key
                rsa_public_key: |
            {pem}
            """;

        var result = DeclarativeConfig.Parse(yaml);

        Assert.That(result.Errors, Is.Empty, string.Join("\n", result.Errors));
        var config = result.Config!;
        Assert.That(config.Plugins.Single().Name, Is.EqualTo("jwt"));
        Assert.That(config.Plugins.Single().Config.GetProperty("key_claim_name").GetString(), Is.EqualTo("iss"), "jwt config defaults filled");
        Assert.That(config.JwtSecrets.Select(s => s.Algorithm), Is.EquivalentTo(new[] { "HS256", "RS256" }));
        Assert.That(config.JwtSecrets.Single(s => s.Key == "test-key").RsaPublicKey, Does.StartWith("-----BEGIN PUBLIC KEY-----"));
    }
}
