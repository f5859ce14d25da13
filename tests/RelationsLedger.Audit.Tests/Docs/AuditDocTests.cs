using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using RelationsLedger.Application.Integrity;
using RelationsLedger.Domain.Provenance;
using RelationsLedger.Domain.Time;

namespace RelationsLedger.Audit.Tests.Docs;

/// <summary>
/// docs/audit.md specifies the event hash so a third party can recompute it. These tests keep the
/// worked example true: the ledger's code and an implementation written from the page's text
/// (below, sharing no code with the ledger) both produce the documented bytes and hash.
/// </summary>
public sealed partial class AuditDocTests
{
    private static readonly string Doc = File.ReadAllText(Path.Combine(Root(), "docs", "audit.md"));

    private static string Root()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "RelationsLedger.sln"))) return dir.FullName;
        throw new InvalidOperationException("No RelationsLedger.sln above the test's folder.");
    }

    [GeneratedRegex(@"### Worked example.*?```json\n(?<line>.*?)\n```.*?```hex\n(?<hex>.*?)\n```.*?hash: (?<hash>[0-9a-f]{64})", RegexOptions.Singleline)]
    private static partial Regex Example();

    private static (string Line, byte[] Encoding, string Hash) Documented()
    {
        var m = Example().Match(Doc);
        Assert.True(m.Success, "docs/audit.md has no worked example (an export line, its encoding in hex, and 'hash: …').");
        return (m.Groups["line"].Value, Convert.FromHexString(m.Groups["hex"].Value.Replace("\n", "", StringComparison.Ordinal)), m.Groups["hash"].Value);
    }

    [Fact]
    public void The_documented_hash_is_the_sha256_of_the_documented_encoding()
    {
        var (line, encoding, hash) = Documented();
        Assert.Equal(hash, Convert.ToHexStringLower(SHA256.HashData(encoding)));
        Assert.Equal(hash, JsonDocument.Parse(line).RootElement.GetProperty("metadata").GetProperty("hash").GetString());
    }

    [Fact]
    public void The_ledger_computes_the_documented_hash_from_the_documented_line()
    {
        var (line, _, hash) = Documented();
        Assert.Equal(hash, LedgerHash(line));
    }

    /// <summary>
    /// The page's rule for <c>recordedThrough</c>: one more field after the previous hash, only when the envelope has one.
    /// The example with a key's name added is the documented encoding and that field, and the ledger hashes the same bytes.
    /// </summary>
    [Fact]
    public void With_recordedThrough_the_encoding_is_the_documented_one_and_one_more_field()
    {
        var (line, encoding, hash) = Documented();
        var through = line.Replace("\"recordedBy\":\"analyst@example.org\",", "\"recordedBy\":\"analyst@example.org\",\"recordedThrough\":\"ingest\",", StringComparison.Ordinal);
        Assert.NotEqual(line, through);

        var spec = FromSpec(through);
        Assert.Equal(Convert.ToHexString(encoding) + "00000006" + Convert.ToHexString("ingest"u8), Convert.ToHexString(spec));
        var computed = LedgerHash(through);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(spec)), computed);
        Assert.NotEqual(hash, computed);
    }

    private static string LedgerHash(string line)
    {
        var root = JsonDocument.Parse(line).RootElement;
        var m = root.GetProperty("metadata");
        string? S(JsonElement e, string name) => e.GetProperty(name).GetString();
        var sources = m.GetProperty("sources").EnumerateArray().Select(s => new Source(S(s, "publisher")!, S(s, "title")!, S(s, "url"), S(s, "reference"),
            S(s, "publishedOn") is { } d ? PartialDate.Parse(d) : null)).ToList();
        var computed = EventHash.Compute(S(root, "stream")!, Guid.Parse(S(root, "eventId")!), S(root, "type")!, m.GetProperty("schemaVersion").GetInt32(),
            PartialDate.Parse(S(m, "effectiveDate")!), S(m, "recordedBy")!, sources, Guid.Parse(S(m, "$correlationId")!), Guid.Parse(S(m, "$causationId")!),
            Encoding.UTF8.GetBytes(root.GetProperty("data").GetRawText()), S(m, "previousHash"),
            m.TryGetProperty("recordedThrough", out var through) ? through.GetString() : null);
        return computed;
    }

    [Fact]
    public void An_implementation_of_the_page_alone_produces_the_documented_encoding()
    {
        var (line, encoding, _) = Documented();
        Assert.Equal(Convert.ToHexString(encoding), Convert.ToHexString(FromSpec(line)));
    }

    /// <summary>docs/audit.md's table, field by field: 4-byte big-endian length, UTF-8 bytes; null → empty; data as the exact bytes of the line.</summary>
    private static byte[] FromSpec(string line)
    {
        var root = JsonDocument.Parse(line).RootElement;
        var m = root.GetProperty("metadata");
        var output = new MemoryStream();
        void Bytes(byte[] b)
        {
            var length = new byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(length, (uint)b.Length);
            output.Write(length);
            output.Write(b);
        }
        void Text(string? t) => Bytes(Encoding.UTF8.GetBytes(t ?? ""));
        string? S(JsonElement e, string name) => e.GetProperty(name).ValueKind == JsonValueKind.Null ? null : e.GetProperty(name).ToString();

        Text("relationsledger-event-v1");
        Text(S(root, "stream"));
        Text(S(root, "eventId"));
        Text(S(root, "type"));
        Text(S(m, "schemaVersion"));
        Text(S(m, "effectiveDate"));
        Text(S(m, "recordedBy"));
        Text(m.GetProperty("sources").GetArrayLength().ToString(System.Globalization.CultureInfo.InvariantCulture));
        foreach (var s in m.GetProperty("sources").EnumerateArray())
            foreach (var field in new[] { "publisher", "title", "url", "reference", "publishedOn" }) Text(S(s, field));
        Text(S(m, "$correlationId"));
        Text(S(m, "$causationId"));
        var start = line.IndexOf("\"data\":", StringComparison.Ordinal) + "\"data\":".Length;
        Bytes(Encoding.UTF8.GetBytes(line[start..line.IndexOf(",\"metadata\":", StringComparison.Ordinal)]));
        Text(S(m, "previousHash"));
        if (m.TryGetProperty("recordedThrough", out _)) Text(S(m, "recordedThrough"));
        return output.ToArray();
    }
}
