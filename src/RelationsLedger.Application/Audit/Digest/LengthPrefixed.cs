using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace RelationsLedger.Application.Audit.Digest;

/// <summary>
/// SHA-256 over fields each written as a 4-byte big-endian length and its UTF-8 bytes: the same
/// encoding as the event hash (docs/audit.md), so one description serves both.
/// </summary>
public sealed class LengthPrefixed
{
    private readonly IncrementalHash _sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    public LengthPrefixed Field(string? text)
    {
        var bytes = Encoding.UTF8.GetBytes(text ?? "");
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, bytes.Length);
        _sha.AppendData(length);
        _sha.AppendData(bytes);
        return this;
    }

    public string HexDigest()
    {
        var hex = Convert.ToHexStringLower(_sha.GetHashAndReset());
        _sha.Dispose();
        return hex;
    }
}
