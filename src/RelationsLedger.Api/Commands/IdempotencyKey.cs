using System.Security.Cryptography;
using System.Text;

namespace RelationsLedger.Api.Commands;

/// <summary>
/// The <c>Idempotency-Key</c> header. The command id — and so the event id — is derived from the key,
/// so a retry is recognised by the store itself (event ids are unique in the ledger) and across server
/// restarts; nothing else is stored. Keys are global to the ledger: use a fresh UUID per command.
/// </summary>
public static class IdempotencyKey
{
    public const string Header = "Idempotency-Key";
    public const int MaxLength = 255;

    // Changing this changes every derived id: a retry after an upgrade would no longer be recognised.
    private const string Namespace = "relationsledger:idempotency-key:";

    public static string? Problem(string key) =>
        key.Length is 0 or > MaxLength ? $"The {Header} must be 1 to {MaxLength} characters (it has {key.Length})."
        : key.Any(c => c is < '!' or > '~') ? $"The {Header} must be printable ASCII without spaces (a UUID is a good key)."
        : null;

    /// <summary>A UUID (version 8, RFC 9562) from the SHA-256 of the key.</summary>
    public static Guid CommandId(string key)
    {
        Span<byte> bytes = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(Namespace + key), bytes);
        var uuid = bytes[..16];
        uuid[6] = (byte)((uuid[6] & 0x0F) | 0x80); // version 8: custom
        uuid[8] = (byte)((uuid[8] & 0x3F) | 0x80); // variant: RFC 9562
        return new Guid(uuid, bigEndian: true);
    }
}
