using System.Text;

namespace RelationsLedger.Store.Sqlite.Tests;

/// <summary>
/// The compact forms of an event's JSON — Brotli in a version 3 file, zstd with a dictionary in a version 4 file — give back every
/// byte written, or are not used.
/// </summary>
public sealed partial class CompactJsonTests
{
    private const string Envelope = """{"schemaVersion":1,"effectiveDate":"2014-07-27","recordedBy":"desk.mena@example.org","sources":[{"publisher":"Xinhua","title":"Xinhua report no. 25","url":"https://news.example.org/xinhua/25","reference":null,"publishedOn":"2013"}],"$correlationId":"9f9d68cd-32c3-47dc-9057-06f97df7fb6f","$causationId":"9f9d68cd-32c3-47dc-9057-06f97df7fb6f","previousHash":"ee976c4a989a3912e6de839637f3d0d53973c7d9bdbf40b8f989c83109941ce4","hash":"0ff5069babbcaf92786871ff7ca0c789e2ef218d6d5f25cb8f8659e944ad9cfe"}""";

    public static TheoryData<byte> Forms => new() { CompactJson.Compact, CompactJson.Zstd };

    [Theory]
    [MemberData(nameof(Forms))]
    public void An_envelope_is_kept_compact_in_about_half_its_bytes_and_read_back_byte_for_byte(byte form)
    {
        var json = Encoding.UTF8.GetBytes(Envelope);
        var stored = CompactJson.Encode(json, form);
        Assert.Equal(form, stored[0]);
        Assert.True(stored.Length < json.Length * 6 / 10, $"{stored.Length} of {json.Length} bytes");
        Assert.True(CompactJson.TryDecode(stored, out var back, out var why), why);
        Assert.Equal(json, back);
    }

    [Theory]
    [InlineData("""{"hash":"0FF5069BABBCAF92786871FF7CA0C789E2EF218D6D5F25CB8F8659E944AD9CFE","id":"9F9D68CD-32C3-47DC-9057-06F97DF7FB6F","n":"0ff5069babbcaf92786871ff7ca0c789e2ef218d6d5f25cb8f8659e944ad9cf"}""")]
    [InlineData("""{"a":"9f9d68cd-32c3-47dc-9057-06f97df7fb6f9","b":"9f9d68cd32c347dc905706f97df7fb6f0000","c":"\u0001"}""")]
    [InlineData("\u0001{\"starts\":\"with the compact mark, as no JSON the ledger writes does\",\"x\":\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"}")]
    [InlineData("\u0002{\"starts\":\"with the zstd mark, as no JSON the ledger writes does\",\"x\":\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"}")]
    [InlineData("\u0002")]
    [InlineData("\u0000 starts with the escape mark")]
    [InlineData("")]
    [InlineData("{}")]
    public void A_value_whose_hashes_ids_or_first_byte_would_not_read_back_is_kept_as_it_is_and_read_back_as_written(string text)
    {
        var json = Encoding.UTF8.GetBytes(text);
        foreach (var form in Forms)
        {
            var stored = CompactJson.Encode(json, form);
            Assert.True(CompactJson.TryDecode(stored, out var back, out var why), why);
            Assert.Equal(json, back);
        }
    }

    [Fact]
    public void A_raw_value_of_a_version_1_or_2_file_reads_as_it_is()
    {
        var json = Encoding.UTF8.GetBytes(Envelope);
        Assert.True(CompactJson.TryDecode(json, out var back, out _));
        Assert.Equal(json, back);
    }

    /// <summary>
    /// Every single byte of a compact value changed: it reads back as other bytes (the event's hash then fails: ALTERED) or not at
    /// all (named unreadable), never as a crash. A few bits of a Brotli stream carry nothing (padding): such an edit gives back
    /// the very bytes written, the same event.
    /// </summary>
    [Theory]
    [MemberData(nameof(Forms))]
    public void Any_byte_of_a_compact_value_edited_reads_as_something_else_or_is_named_unreadable(byte form)
    {
        var json = Encoding.UTF8.GetBytes(Envelope);
        var stored = CompactJson.Encode(json, form);
        int unreadable = 0, different = 0, same = 0;
        for (var i = 1; i < stored.Length; i++)
            foreach (var flip in new byte[] { 0x01, 0x80, 0xFF })
            {
                var edited = (byte[])stored.Clone();
                edited[i] ^= flip;
                if (!CompactJson.TryDecode(edited, out var back, out var why))
                {
                    Assert.False(string.IsNullOrEmpty(why));
                    unreadable++;
                }
                else if (back.AsSpan().SequenceEqual(json)) same++;
                else different++;
            }
        Assert.True(unreadable > 0 && different > 0 && same < 6, $"{unreadable} unreadable, {different} different, {same} the same");
    }

    [Theory]
    [InlineData(new byte[] { 0x01 })]
    [InlineData(new byte[] { 0x01, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F, 0x00 })]
    [InlineData(new byte[] { 0x01, 0x05, 0x40, 0x00 })]
    [InlineData(new byte[] { 0x01, 0x03, 0x00, 0x0b, 0x01, 0x80, 0x7b, 0x01, 0x7d, 0x03 })]
    [InlineData(new byte[] { 0x02 })]
    [InlineData(new byte[] { 0x02, 0x01 })]
    [InlineData(new byte[] { 0x02, 0x01, 0x05, 0x00 })]
    [InlineData(new byte[] { 0x02, 0x01, 0x05, 0x00, 0xFF, 0xFF, 0xFF, 0xFF })]
    public void A_compact_value_that_is_not_the_ledgers_is_named_not_thrown(byte[] stored)
    {
        Assert.False(CompactJson.TryDecode(stored, out _, out var why));
        Assert.False(string.IsNullOrEmpty(why));
    }

    /// <summary>A zstd value naming a dictionary this build does not have (a later build's, or an edit) is named, never guessed at.</summary>
    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    [InlineData(255)]
    public void A_zstd_value_naming_a_dictionary_this_build_does_not_have_is_refused_naming_it(byte dictionary)
    {
        var stored = CompactJson.Encode(Encoding.UTF8.GetBytes(Envelope), CompactJson.Zstd);
        Assert.Equal(ZstdDictionary.Current, stored[1]);
        stored[1] = dictionary;
        Assert.False(CompactJson.TryDecode(stored, out _, out var why));
        Assert.Equal($"it names zstd dictionary {dictionary}, which this ledger does not have (it has 1): use a newer ledger", why);
    }

    /// <summary>
    /// Every event type's data (docs/events.md's examples, as the ledger writes them: no spaces), an envelope, and texts the
    /// dictionary knows nothing of — every script, NUL escaped and raw, a megabyte of text — read back byte for byte in both forms.
    /// </summary>
    [Fact]
    public void Every_event_types_data_and_any_text_read_back_byte_for_byte_in_both_forms()
    {
        var examples = CatalogueExample().Matches(File.ReadAllText(RepositoryFiles.PathOf("docs", "events.md")))
            .Select(m => System.Text.Json.Nodes.JsonNode.Parse(m.Groups["json"].Value)!.ToJsonString()).ToList();
        Assert.True(examples.Count >= 28, $"{examples.Count} examples");
        string[] texts =
        [
            .. examples,
            Envelope,
            Envelope.Replace("Xinhua report no. 25", "Москва — 北京 — القاهرة — 🇺🇦 — \u0000 — \\u0000 — \"quoted\"", StringComparison.Ordinal),
            Envelope.Replace("Xinhua", "X\0Y\0\0", StringComparison.Ordinal).Replace("\\0", "\0", StringComparison.Ordinal),
            Envelope.Replace("Xinhua report no. 25", new string('ж', 500_000) + string.Concat(Enumerable.Range(0, 20_000).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))), StringComparison.Ordinal),
        ];
        foreach (var text in texts)
        {
            var json = Encoding.UTF8.GetBytes(text);
            foreach (var form in Forms)
            {
                var stored = CompactJson.Encode(json, form);
                Assert.True(stored[0] == form || json.Length < 100, $"{text[..Math.Min(60, text.Length)]}… not compact in form {form}");
                Assert.True(CompactJson.TryDecode(stored, out var back, out var why), why);
                Assert.Equal(json, back);
            }
        }
    }

    /// <summary>Dictionary 1 is the bytes its id names, forever: a changed file is caught here, not by a store no longer read.</summary>
    [Fact]
    public void The_dictionary_embedded_is_the_one_its_id_names()
    {
        var bytes = ZstdDictionary.Bytes(1);
        Assert.Equal(2656, bytes.Length);
        Assert.StartsWith("{\"target\":\"\u0002\",\"reason\"", Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^### \w+ \(v\d+\)\n.*?```json\n(?<json>.*?)\n```", System.Text.RegularExpressions.RegexOptions.Singleline | System.Text.RegularExpressions.RegexOptions.Multiline)]
    private static partial System.Text.RegularExpressions.Regex CatalogueExample();
}
