using HybridGateway.DataPlane.Routing;

namespace HybridGateway.DataPlane.Tests.Routing;

public sealed class UpstreamPathTests
{
    // Every row of the reference table (path_handling v0), plus Kong's other v0 branches.
    [TestCase(null, true, "/foo/bar", "/foo", "/bar", TestName = "V0_NoServicePath_Strip_Rest")]
    [TestCase("/", true, "/foo/bar", "/foo", "/bar", TestName = "V0_RootServicePath_Strip_Rest")]
    [TestCase(null, true, "/foo", "/foo", "/", TestName = "V0_NoServicePath_Strip_Exact")]
    [TestCase("/svc", true, "/foo/bar", "/foo", "/svc/bar", TestName = "V0_ServicePath_Strip_Rest")]
    [TestCase("/svc", true, "/foo", "/foo", "/svc", TestName = "V0_ServicePath_Strip_Exact")]
    [TestCase("/svc", false, "/foo/bar", "/foo", "/svc/foo/bar", TestName = "V0_ServicePath_NoStrip")]
    [TestCase("/svc/", false, "/foo/bar", "/foo", "/svc/foo/bar", TestName = "V0_ServicePathSlash_NoStrip_NoDoubleSlash")]
    [TestCase(null, false, "/foo/bar", "/foo", "/foo/bar", TestName = "V0_NoServicePath_NoStrip")]
    [TestCase("/svc", false, "/", "", "/svc", TestName = "V0_ServicePath_NoStrip_Root")]
    [TestCase("/svc/", true, "/foo/", "/foo", "/svc/", TestName = "V0_ServicePathSlash_Strip_TrailingSlashKept")]
    [TestCase("/svc/", true, "/foo", "/foo", "/svc", TestName = "V0_ServicePathSlash_Strip_Exact")]
    [TestCase("/svc/", true, "/foo/bar", "/foo", "/svc/bar", TestName = "V0_ServicePathSlash_Strip_Rest")]
    [TestCase("/svc/", true, "/foobar", "/foo", "/svc/bar", TestName = "V0_ServicePathSlash_Strip_NoSlashRest")]
    [TestCase("/svc", true, "/foobar", "/foo", "/svc/bar", TestName = "V0_ServicePath_Strip_NoSlashRest")]
    [TestCase("/svc", true, "/foo/", "/foo", "/svc/", TestName = "V0_ServicePath_Strip_TrailingSlash")]
    [TestCase("/svc", true, "/foo/..", "/foo/", "/svc", TestName = "V0_DotDotPostfixSanitized")]
    [TestCase("/svc", true, "/foo/../x", "/foo/", "/svc/x", TestName = "V0_DotDotSlashPostfixSanitized")]
    public void Join_V0(string? servicePath, bool stripPath, string requestPath, string matched, string expected)
    {
        Assert.That(UpstreamPath.Join("v0", stripPath, servicePath, requestPath, matched.Length), Is.EqualTo(expected));
    }

    [TestCase("/svc", true, "/foo/bar", "/foo", "/svc/bar", TestName = "V1_ServicePath_Strip_Rest")]
    [TestCase("/svc", true, "/foobar", "/foo", "/svcbar", TestName = "V1_ServicePath_Strip_NoSlashRest_Concatenates")]
    [TestCase("/svc/", true, "/foo/bar", "/foo", "/svc/bar", TestName = "V1_ServicePathSlash_Strip_NoDoubleSlash")]
    [TestCase("/svc", true, "/foo", "/foo", "/svc", TestName = "V1_ServicePath_Strip_Exact")]
    [TestCase("/svc", false, "/foo", "/foo", "/svc/foo", TestName = "V1_ServicePath_NoStrip")]
    public void Join_V1(string? servicePath, bool stripPath, string requestPath, string matched, string expected)
    {
        Assert.That(UpstreamPath.Join("v1", stripPath, servicePath, requestPath, matched.Length), Is.EqualTo(expected));
    }
}
