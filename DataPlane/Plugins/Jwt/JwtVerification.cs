using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace HybridGateway.DataPlane.Plugins.Jwt;

/// <summary>
/// The outcome of <see cref="JwtTokenVerifier.Verify"/>: the credential on success, else Kong's 401 body — a
/// <c>{"message": …}</c> or, for registered-claim failures, the bare claim map (<c>{"exp":"token expired"}</c>).
/// Every failure is a 401 with <c>WWW-Authenticate: Bearer error="invalid_token"</c>.
/// </summary>
internal sealed class JwtVerification
{
    public static readonly JwtVerification InvalidJson = Fail("Bad token; invalid JSON");
    public static readonly JwtVerification InvalidAlg = Fail("Bad token; invalid alg");
    public static readonly JwtVerification InvalidClaims = Fail("Bad token; invalid claims");
    public static readonly JwtVerification InvalidSignatureEncoding = Fail("Bad token; invalid signature");
    public static readonly JwtVerification TooLarge = Fail($"Bad token; larger than {JwtTokenVerifier.MaxTokenLength} characters");
    public static readonly JwtVerification InvalidAlgorithm = Fail("Invalid algorithm");
    public static readonly JwtVerification InvalidKey = Fail("Invalid key/secret");
    public static readonly JwtVerification InvalidSignature = Fail("Invalid signature");
    public static readonly JwtVerification ExceedsMaximumExpiration = new(null, null, [new("exp", "exceeds maximum allowed expiration")]);

    // Kong writes quotes and apostrophes as they are ("No mandatory 'iss' in claims").
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private JwtVerification(JwtCredential? credential, string? message, IReadOnlyList<KeyValuePair<string, string>>? claimErrors, double? expiration = null)
    {
        Credential = credential;
        Expiration = expiration;
        Message = message;
        ClaimErrors = claimErrors;
    }

    public bool Succeeded => Credential is not null;

    /// <summary>The verified token's credential; null on failure.</summary>
    public JwtCredential? Credential { get; }

    /// <summary>On success, the token's numeric <c>exp</c> claim (Unix seconds), if it has one: a cached verification ends there.</summary>
    public double? Expiration { get; }

    /// <summary>The message of a <c>{"message": …}</c> failure.</summary>
    public string? Message { get; }

    /// <summary>Registered-claim failures, in <c>claims_to_verify</c> order: the body is this map itself.</summary>
    public IReadOnlyList<KeyValuePair<string, string>>? ClaimErrors { get; }

    public static JwtVerification Success(JwtCredential credential, double? expiration = null) => new(credential, null, null, expiration);

    public static JwtVerification Fail(string message) => new(null, message, null);

    public static JwtVerification FailClaims(IReadOnlyList<KeyValuePair<string, string>> errors) => new(null, null, errors);

    /// <summary>Kong's compact JSON body for a failure (empty on success).</summary>
    public string ToJsonBody()
    {
        if (Succeeded)
        {
            return string.Empty;
        }

        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, WriterOptions))
        {
            writer.WriteStartObject();
            if (ClaimErrors is { } errors)
            {
                foreach (var (claim, error) in errors)
                {
                    writer.WriteString(claim, error);
                }
            }
            else
            {
                writer.WriteString("message", Message);
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.GetBuffer(), 0, (int)stream.Length);
    }

    public override string ToString() => Succeeded ? $"ok ({Credential!.Key})" : ToJsonBody();
}
