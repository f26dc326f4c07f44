using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;

namespace HybridGateway.Proxy;

/// <summary>
/// What one signature check costs on this machine with .NET's primitives (one thread, no gateway code, CPU time of
/// the bench process, which is otherwise idle here): the floor under the token-pool lines, where every request is verified.
/// </summary>
internal static class CryptoFloor
{
    public static IReadOnlyList<(string Algorithm, double MicrosPerVerify)> Measure(RSA rsa, ECDsa ecdsa, int iterations = 2000)
    {
        var data = Encoding.ASCII.GetBytes(new string('x', 200));
        var secret = RandomNumberGenerator.GetBytes(32);
        var rsaSignature = rsa.SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var ecSignature = ecdsa.SignData(data, HashAlgorithmName.SHA256);
        var mac = HMACSHA256.HashData(secret, data);
        return
        [
            ("HS256", Time(iterations, () => CryptographicOperations.FixedTimeEquals(HMACSHA256.HashData(secret, data), mac))),
            ("RS256", Time(iterations, () => rsa.VerifyData(data, rsaSignature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1))),
            ("ES256", Time(iterations, () => ecdsa.VerifyData(data, ecSignature, HashAlgorithmName.SHA256))),
        ];
    }

    private static double Time(int iterations, Func<bool> verify)
    {
        for (var i = 0; i < iterations / 10; i++)
        {
            Check(verify());
        }

        // CPU time rather than wall time: on a shared machine the wall clock also counts other processes' turns.
        using var self = Process.GetCurrentProcess();
        var before = self.TotalProcessorTime;
        for (var i = 0; i < iterations; i++)
        {
            Check(verify());
        }

        self.Refresh();
        return (self.TotalProcessorTime - before).TotalMicroseconds / iterations;
    }

    private static void Check(bool verified)
    {
        if (!verified)
        {
            throw new InvalidOperationException("a signature made a moment ago did not verify");
        }
    }
}
