using System.Buffers;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using HybridGateway.Shared.Jose;

namespace HybridGateway.DataPlane.Plugins.Jwt;

/// <summary>Finds the credential for a key claim value (a frozen index built at apply time).</summary>
internal delegate JwtCredential? JwtCredentialLookup(string key);

/// <summary>
/// Kong's request-time token checks (reference §3.1 steps 4–11), independent of HTTP: decode, key claim, credential,
/// algorithm pin, key material, signature, registered claims, maximum expiration. Never throws on token input.
/// The credential's algorithm decides the verification and its key must fit it, so <c>alg: none</c> and algorithm
/// confusion cannot pass. Header and payload are scanned once with <see cref="Utf8JsonReader"/> into pooled buffers.
/// </summary>
internal sealed class JwtTokenVerifier
{
    /// <summary>Longer tokens are refused before decoding (Kong has no limit; nginx's header limit plays that role there).</summary>
    public const int MaxTokenLength = 8192;

    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = 64 };

    private readonly JwtVerifierSettings _settings;
    private readonly JwtCredentialLookup _lookup;
    private readonly TimeProvider _time;

    public JwtTokenVerifier(JwtVerifierSettings settings, JwtCredentialLookup lookup, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(lookup);
        ArgumentNullException.ThrowIfNull(time);
        _settings = settings;
        _lookup = lookup;
        _time = time;
    }

    public JwtVerification Verify(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        if (token.Length > MaxTokenLength)
        {
            return JwtVerification.TooLarge;
        }

        // Kong splits into at most three parts: the third keeps any further dots (and then fails to decode).
        var firstDot = token.IndexOf('.');
        var secondDot = firstDot < 0 ? -1 : token.IndexOf('.', firstDot + 1);
        if (secondDot < 0)
        {
            return JwtVerification.InvalidJson;
        }

        var headerText = token.AsSpan(0, firstDot);
        var payloadText = token.AsSpan(firstDot + 1, secondDot - firstDot - 1);
        var signatureText = token.AsSpan(secondDot + 1);

        // One pooled buffer: signing input (ASCII), then decoded header, payload and signature.
        var buffer = ArrayPool<byte>.Shared.Rent((token.Length * 2) + 16);
        try
        {
            return VerifyDecoded(token, secondDot, headerText, payloadText, signatureText, buffer);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private JwtVerification VerifyDecoded(
        string token,
        int signingInputLength,
        ReadOnlySpan<char> headerText,
        ReadOnlySpan<char> payloadText,
        ReadOnlySpan<char> signatureText,
        byte[] buffer)
    {
        var offset = signingInputLength;
        if (!TryDecode(headerText, buffer.AsSpan(offset), out var headerLength))
        {
            return JwtVerification.InvalidJson;
        }

        var header = new ReadOnlySpan<byte>(buffer, offset, headerLength);
        offset += headerLength;
        if (!TryDecode(payloadText, buffer.AsSpan(offset), out var payloadLength))
        {
            return JwtVerification.InvalidJson;
        }

        var payload = new ReadOnlySpan<byte>(buffer, offset, payloadLength);
        offset += payloadLength;

        var keyClaim = _settings.KeyClaimName;
        if (!TryScan(header, keyClaim, readAlg: true, out var headerFields) || !TryScan(payload, keyClaim, readAlg: false, out var claims))
        {
            return JwtVerification.InvalidJson;
        }

        if (headerFields.Alg is not { } tokenAlgorithm)
        {
            return JwtVerification.InvalidAlg;
        }

        if (!claims.IsObject)
        {
            return JwtVerification.InvalidClaims;
        }

        var signatureStart = offset;
        if (!TryDecode(signatureText, buffer.AsSpan(offset), out var signatureLength))
        {
            return JwtVerification.InvalidSignatureEncoding;
        }

        // Payload first; as in Kong, only an absent (or false) payload claim falls back to the header.
        var key = claims.Key.Kind is JsonKind.Missing or JsonKind.False ? headerFields.Key : claims.Key;
        if (key.Kind is JsonKind.Missing or JsonKind.False)
        {
            return _settings.NoKeyClaim;
        }

        // Kong answers a non-string key claim with a 500; a 401 is what the client deserves.
        if (key.Kind != JsonKind.String || string.IsNullOrEmpty(key.Text))
        {
            return _settings.InvalidKeyClaim;
        }

        var credential = _lookup(key.Text);
        if (credential is null)
        {
            return _settings.NoCredential;
        }

        if (credential.Algorithm != tokenAlgorithm)
        {
            return JwtVerification.InvalidAlgorithm;
        }

        Encoding.ASCII.GetBytes(token.AsSpan(0, signingInputLength), buffer);
        var signingInput = new ReadOnlySpan<byte>(buffer, 0, signingInputLength);
        var signature = new ReadOnlySpan<byte>(buffer, signatureStart, signatureLength);
        var verdict = VerifySignature(credential, tokenAlgorithm, signingInput, signature);
        if (verdict is not null)
        {
            return verdict;
        }

        return CheckClaims(claims, credential);
    }

    private JwtVerification? VerifySignature(JwtCredential credential, JwsAlgorithm algorithm, ReadOnlySpan<byte> input, ReadOnlySpan<byte> signature)
    {
        bool valid;
        if (!JwsAlgorithms.IsAsymmetric(algorithm))
        {
            var secret = _settings.SecretIsBase64 ? credential.Base64Secret : credential.Secret;
            if (secret is null)
            {
                return JwtVerification.InvalidKey;
            }

            valid = VerifyHmac(algorithm, secret, input, signature);
        }
        else
        {
            // The key was parsed at apply time and kept only if it fits the credential's algorithm.
            if (credential.PublicKey is not { } publicKey)
            {
                return JwtVerification.InvalidKey;
            }

            try
            {
                valid = JwsSignatures.Verify(algorithm, publicKey, input, signature);
            }
            catch (CryptographicException)
            {
                valid = false;
            }
        }

        return valid ? null : JwtVerification.InvalidSignature;
    }

    private static bool VerifyHmac(JwsAlgorithm algorithm, byte[] secret, ReadOnlySpan<byte> input, ReadOnlySpan<byte> signature)
    {
        Span<byte> mac = stackalloc byte[64];
        var length = algorithm switch
        {
            JwsAlgorithm.HS256 => HMACSHA256.HashData(secret, input, mac),
            JwsAlgorithm.HS384 => HMACSHA384.HashData(secret, input, mac),
            _ => HMACSHA512.HashData(secret, input, mac),
        };
        return CryptographicOperations.FixedTimeEquals(mac[..length], signature);
    }

    private JwtVerification CheckClaims(in ScannedJson claims, JwtCredential credential)
    {
        var now = _time.GetUtcNow().ToUnixTimeSeconds();
        List<KeyValuePair<string, string>>? errors = null;
        foreach (var name in _settings.ClaimsOrder)
        {
            var value = name == "exp" ? claims.Exp : claims.Nbf;
            string? error = null;
            if (value.Kind != JsonKind.Number)
            {
                error = "must be a number";
            }
            else if (name == "nbf" && value.Number > now)
            {
                error = "token not valid yet";
            }
            else if (name == "exp" && value.Number <= now)
            {
                error = "token expired";
            }

            if (error is not null)
            {
                (errors ??= []).Add(new(name, error));
            }
        }

        if (errors is not null)
        {
            return JwtVerification.FailClaims(errors);
        }

        if (_settings.MaximumExpiration > 0
            && (claims.Exp.Kind != JsonKind.Number || claims.Exp.Number - now > _settings.MaximumExpiration))
        {
            return JwtVerification.ExceedsMaximumExpiration;
        }

        return JwtVerification.Success(credential, claims.Exp.Kind == JsonKind.Number ? claims.Exp.Number : null);
    }

    /// <summary>
    /// Base64url into <paramref name="destination"/>: the JWS alphabet without blanks, unpadded or correctly padded
    /// (Kong pads what is missing, so a correctly padded segment decodes there too).
    /// </summary>
    private static bool TryDecode(ReadOnlySpan<char> text, Span<byte> destination, out int written)
    {
        written = 0;
        if (text.EndsWith('='))
        {
            if (text.Length % 4 != 0)
            {
                return false;
            }

            text = text.EndsWith("==") ? text[..^2] : text[..^1];
        }

        if (text.Length % 4 == 1 || text.ContainsAnyExcept(Base64UrlAlphabet))
        {
            return false;
        }

        return Base64Url.DecodeFromChars(text, destination, out _, out written) == OperationStatus.Done;
    }

    private static readonly SearchValues<char> Base64UrlAlphabet =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_");

    /// <summary>
    /// Reads a JSON text that must be one object, keeping the few top-level members we need (the last of duplicates,
    /// as cjson does). Returns false on malformed JSON; a valid non-object gives <c>IsObject == false</c>.
    /// </summary>
    private static bool TryScan(ReadOnlySpan<byte> json, string keyClaim, bool readAlg, out ScannedJson result)
    {
        result = default;
        try
        {
            var reader = new Utf8JsonReader(json, ReaderOptions);
            if (!reader.Read())
            {
                return false;
            }

            if (reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                return !reader.Read();
            }

            result.IsObject = true;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isKey = reader.ValueTextEquals(keyClaim);
                var isAlg = readAlg && reader.ValueTextEquals("alg"u8);
                var isExp = !readAlg && reader.ValueTextEquals("exp"u8);
                var isNbf = !readAlg && reader.ValueTextEquals("nbf"u8);
                reader.Read();
                if (isKey)
                {
                    result.Key = Value(ref reader, wantText: true);
                }

                if (isAlg)
                {
                    result.Alg = reader.TokenType == JsonTokenType.String ? ParseAlg(ref reader) : null;
                }

                if (isExp)
                {
                    result.Exp = Value(ref reader, wantText: false);
                }

                if (isNbf)
                {
                    result.Nbf = Value(ref reader, wantText: false);
                }

                reader.Skip();
            }

            // After the object closes, nothing else may follow.
            return reader.TokenType == JsonTokenType.EndObject && !reader.Read();
        }
        catch (JsonException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static JwsAlgorithm? ParseAlg(ref Utf8JsonReader reader)
    {
        if (reader.ValueSpan.Length > 16)
        {
            return null;
        }

        Span<char> name = stackalloc char[16];
        var length = reader.CopyString(name);
        return JwsAlgorithms.Parse(name[..length]);
    }

    private static JsonScalar Value(ref Utf8JsonReader reader, bool wantText) => reader.TokenType switch
    {
        JsonTokenType.String => new JsonScalar(JsonKind.String, wantText ? reader.GetString() : null, 0),
        JsonTokenType.Number => new JsonScalar(JsonKind.Number, null, reader.GetDouble()),
        JsonTokenType.False => new JsonScalar(JsonKind.False, null, 0),
        _ => new JsonScalar(JsonKind.Other, null, 0),
    };

    private enum JsonKind
    {
        Missing,
        String,
        Number,
        False,
        Other,
    }

    private readonly record struct JsonScalar(JsonKind Kind, string? Text, double Number);

    private struct ScannedJson
    {
        public bool IsObject;
        public JsonScalar Key;
        public JwsAlgorithm? Alg;
        public JsonScalar Exp;
        public JsonScalar Nbf;
    }
}
