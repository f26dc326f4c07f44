using System.Security.Cryptography;
using System.Text;

namespace HybridGateway.Shared.Secrets;

/// <summary>
/// The cluster key, which seals the secret fields of snapshots (HMAC secrets, API keys, private keys) between the
/// control plane and its data planes. It is derived from the cluster token with HKDF-SHA256, so the one secret an
/// operator already shares with every node is all it takes, and neither the broker nor anyone reading its queues
/// without the token sees a secret in clear. A new token means a new key (the control plane re-issues the config).
/// </summary>
public static class ClusterKey
{
    private static readonly byte[] Salt = "hybridgateway cluster key"u8.ToArray();
    private static readonly byte[] Info = "snapshot secret fields v1"u8.ToArray();

    public static SecretProtector FromToken(string clusterToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(clusterToken);
        var key = HKDF.DeriveKey(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(clusterToken), SecretProtector.KeyLength, Salt, Info);
        try
        {
            return new SecretProtector(key, "cluster key", "Cluster:Token");
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }
}
