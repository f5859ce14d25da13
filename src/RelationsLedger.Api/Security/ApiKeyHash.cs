using System.Security.Cryptography;
using System.Text;

namespace RelationsLedger.Api.Security;

/// <summary>How keys are made and stored: random 32 bytes, kept only as the SHA-256 of the key text.</summary>
public static class ApiKeyHash
{
    public const string Prefix = "rl_";

    /// <summary>A fresh key: the prefix (so a leaked key is recognisable in logs and scanners) and 32 random bytes, base64url.</summary>
    public static string NewKey() =>
        Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static byte[] Of(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    public static string HexOf(string key) => Convert.ToHexStringLower(Of(key));

    public static bool IsHash(string? text) => text is { Length: 64 } && text.All(Uri.IsHexDigit);
}
