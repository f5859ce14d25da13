using System.Text;
using Microsoft.Data.Sqlite;
using RelationsLedger.Store.Sqlite;

namespace RelationsLedger.Testing;

/// <summary>
/// A test's edit of an embedded store's rows that works on every layout of the file: JSON as text (versions 1 and 2) and the
/// compact layout (versions 3 and 4), whose values are compressed with their hashes and ids as bytes, and whose event ids are
/// 16 bytes. A connection opened here carries three SQL functions, so a tamper test says what it changes once for both:
/// <list type="bullet">
/// <item><c>json_of(value)</c>: the JSON text a stored <c>data</c> or <c>metadata</c> value holds, in whichever form it is
/// (null for one that does not decode: only an edit makes one);</item>
/// <item><c>stored_like(value, json)</c>: <c>json</c> in the form of the row's own <c>value</c> — compressed as it was (zstd or
/// Brotli), or as text in a BLOB — as the ledger that wrote the row would store it;</item>
/// <item><c>id_of(event_id)</c>: an event id as its 36-character text, whether the row holds that text or the UUID's 16 bytes.</item>
/// </list>
/// <c>UPDATE events SET data = stored_like(data, replace(json_of(data), 'a', 'b'))</c> is the same tampering in every layout;
/// <see cref="Resealed"/> seals such a row again.
/// </summary>
public static class StoredJson
{
    /// <summary>A connection of its own (not pooled) to the store file at <paramref name="path"/>, with the functions.</summary>
    public static async Task<SqliteConnection> OpenAsync(string path, bool readOnly = false)
    {
        var c = new SqliteConnection($"Data Source={path};Pooling=False{(readOnly ? ";Mode=ReadOnly" : "")}");
        await c.OpenAsync();
        Register(c);
        return c;
    }

    /// <summary>The functions on a connection the test opened itself (one in a transaction it began with SQL, say).</summary>
    public static void Register(SqliteConnection c)
    {
        c.CreateFunction("json_of", (object? stored) => JsonOf(Bytes(stored)), isDeterministic: true);
        c.CreateFunction("stored_like", (object? stored, string json) => StoredLike(Bytes(stored), json), isDeterministic: true);
        c.CreateFunction("id_of", (object? id) => IdOf(id), isDeterministic: true);
    }

    /// <summary>The JSON text <paramref name="stored"/> holds (null when it is compact and does not decode).</summary>
    public static string? JsonOf(byte[] stored) =>
        CompactJson.TryDecode(stored, out var json, out _) ? Encoding.UTF8.GetString(json) : null;

    /// <summary><paramref name="json"/> stored as <paramref name="like"/> is: in its compact form (the first byte says which), else as is.</summary>
    public static byte[] StoredLike(byte[] like, string json)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        return like.Length > 0 && like[0] is CompactJson.Compact or CompactJson.Zstd ? CompactJson.Encode(bytes, like[0]) : bytes;
    }

    /// <summary>An event id as its text, from the row's text or its 16 bytes (anything else as found, so a forged id still shows).</summary>
    public static string? IdOf(object? stored) => stored switch
    {
        byte[] { Length: 16 } uuid => new Guid(uuid, bigEndian: true).ToString("D"),
        byte[] other => Encoding.UTF8.GetString(other),
        _ => stored?.ToString(),
    };

    private static byte[] Bytes(object? value) => value switch
    {
        byte[] bytes => bytes,
        string text => Encoding.UTF8.GetBytes(text),
        null => [],
        _ => Encoding.UTF8.GetBytes(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)!),
    };
}
