using System.Text;

namespace RelationsLedger.Store.Sqlite.Tests;

/// <summary>The compact form of an event's JSON in a version 3 file gives back every byte written, or is not used.</summary>
public sealed class CompactJsonTests
{
    private const string Envelope = """{"schemaVersion":1,"effectiveDate":"2014-07-27","recordedBy":"desk.mena@example.org","sources":[{"publisher":"Xinhua","title":"Xinhua report no. 25","url":"https://news.example.org/xinhua/25","reference":null,"publishedOn":"2013"}],"$correlationId":"9f9d68cd-32c3-47dc-9057-06f97df7fb6f","$causationId":"9f9d68cd-32c3-47dc-9057-06f97df7fb6f","previousHash":"ee976c4a989a3912e6de839637f3d0d53973c7d9bdbf40b8f989c83109941ce4","hash":"0ff5069babbcaf92786871ff7ca0c789e2ef218d6d5f25cb8f8659e944ad9cfe"}""";

    [Fact]
    public void An_envelope_is_kept_compact_in_about_half_its_bytes_and_read_back_byte_for_byte()
    {
        var json = Encoding.UTF8.GetBytes(Envelope);
        var stored = CompactJson.Encode(json);
        Assert.Equal(CompactJson.Compact, stored[0]);
        Assert.True(stored.Length < json.Length * 6 / 10, $"{stored.Length} of {json.Length} bytes");
        Assert.True(CompactJson.TryDecode(stored, out var back, out var why), why);
        Assert.Equal(json, back);
    }

    [Theory]
    [InlineData("""{"hash":"0FF5069BABBCAF92786871FF7CA0C789E2EF218D6D5F25CB8F8659E944AD9CFE","id":"9F9D68CD-32C3-47DC-9057-06F97DF7FB6F","n":"0ff5069babbcaf92786871ff7ca0c789e2ef218d6d5f25cb8f8659e944ad9cf"}""")]
    [InlineData("""{"a":"9f9d68cd-32c3-47dc-9057-06f97df7fb6f9","b":"9f9d68cd32c347dc905706f97df7fb6f0000","c":"\u0001"}""")]
    [InlineData("\u0001{\"starts\":\"with the compact mark, as no JSON the ledger writes does\",\"x\":\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"}")]
    [InlineData("\u0000 starts with the escape mark")]
    [InlineData("")]
    [InlineData("{}")]
    public void A_value_whose_hashes_ids_or_first_byte_would_not_read_back_is_kept_as_it_is_and_read_back_as_written(string text)
    {
        var json = Encoding.UTF8.GetBytes(text);
        var stored = CompactJson.Encode(json);
        Assert.True(CompactJson.TryDecode(stored, out var back, out var why), why);
        Assert.Equal(json, back);
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
    [Fact]
    public void Any_byte_of_a_compact_value_edited_reads_as_something_else_or_is_named_unreadable()
    {
        var json = Encoding.UTF8.GetBytes(Envelope);
        var stored = CompactJson.Encode(json);
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
    public void A_compact_value_that_is_not_the_ledgers_is_named_not_thrown(byte[] stored)
    {
        Assert.False(CompactJson.TryDecode(stored, out _, out var why));
        Assert.False(string.IsNullOrEmpty(why));
    }
}
