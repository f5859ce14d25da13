using System.Text;

namespace RelationsLedger.Store.Sqlite.Tests;

/// <summary>
/// Version 4's values keep their literals raw (round 45: decoding a few hundred bytes was mostly reading and building each
/// frame's Huffman table), and the values round 44's build wrote, with Huffman-coded literals, still read back byte for byte.
/// </summary>
public sealed class ZstdLiteralsTests
{
    /// <summary>
    /// The envelope of the first event of the benchmark's ledger (<c>macro generate --events 100000</c>, seed 7) as
    /// <c>ledger store upgrade</c> of round 44 stored it (its literals Huffman-coded), and the JSON it holds.
    /// </summary>
    private const string Round44Stored =
        "0201A403408C46C60A7D1A4AF6892ACB8B6C69C3FA8C46C60A7D1A4AF6892ACB8B6C69C3FA618D30ABFB07D0A075190AF16F2DA7E1252FF0A927FEC7" +
        "ADF3668CB6D25193D800008504008245141970491D7080D493DED91115175C5796EDA58412B58993FFFF950043A324CDD53D7F0C54B8DB85EF31E12B" +
        "5004AC9A05C22A8889798EC47F873F51DDAAFBF0CF783B106CE1038E90D19863BC8934134A1B1600A76BC30419004DD7C981A2C55C98AE084FC56562" +
        "60A819855F25008175E05193418C8681D03CCF632163117462D7D25F63F85BC8D686E0306980";

    private const string Round44Json =
        """{"schemaVersion":1,"effectiveDate":"1969-06-12","recordedBy":"analyst2@example.org","sources":[{"publisher":"BBC","title":"BBC report no. 26","url":null,"reference":"REF-0025","publishedOn":"1969-03"},{"publisher":"Reuters","title":"Reuters report no. 11","url":"https://news.example.org/reuters/11","reference":"REF-0010","publishedOn":"1961-09"}],"$correlationId":"8c46c60a-7d1a-4af6-892a-cb8b6c69c3fa","$causationId":"8c46c60a-7d1a-4af6-892a-cb8b6c69c3fa","previousHash":null,"hash":"618d30abfb07d0a075190af16f2da7e1252ff0a927fec7adf3668cb6d25193d8"}""";

    private const int Raw = 0, Rle = 1, Huffman = 2;

    [Fact]
    public void A_value_round_44_wrote_with_huffman_coded_literals_reads_back_byte_for_byte()
    {
        var stored = Convert.FromHexString(Round44Stored);
        Assert.Equal(Huffman, LiteralsType(stored)); // the form this test is about, not one the ledger writes now
        Assert.True(CompactJson.TryDecode(stored, out var json, out var why), why);
        Assert.Equal(Round44Json, Encoding.UTF8.GetString(json));
    }

    [Fact]
    public void A_value_written_now_keeps_its_literals_raw_and_reads_back_byte_for_byte()
    {
        var json = Encoding.UTF8.GetBytes(Round44Json);
        var stored = CompactJson.Encode(json, CompactJson.Zstd);
        Assert.Equal(CompactJson.Zstd, stored[0]);
        Assert.Contains(LiteralsType(stored), new[] { Raw, Rle });
        Assert.True(stored.Length < json.Length * 6 / 10, $"{stored.Length} of {json.Length} bytes");
        Assert.True(CompactJson.TryDecode(stored, out var back, out var why), why);
        Assert.Equal(json, back);
    }

    /// <summary>
    /// The type of the literals of a version 4 value's first zstd block (RFC 8878, 3.1.1): after the value's header (form,
    /// dictionary, the two lengths) and its hashes' and ids' bytes, a magicless frame header of two bytes (no content size,
    /// no dictionary id, one window byte), the block's three bytes, then the literals section, whose low two bits are its type.
    /// </summary>
    private static int LiteralsType(byte[] stored)
    {
        var at = 2;
        _ = Leb128(stored, ref at);
        var binary = Leb128(stored, ref at);
        at += binary;
        Assert.Equal(0, stored[at] & 0xE3); // no content size, not single-segment, no checksum, no dictionary id
        var block = stored[at + 2] | stored[at + 3] << 8 | stored[at + 4] << 16;
        Assert.Equal(2, (block >> 1) & 3); // a compressed block (neither raw nor RLE)
        return stored[at + 5] & 3;
    }

    private static int Leb128(byte[] from, ref int at)
    {
        int value = 0, shift = 0;
        byte b;
        do
        {
            b = from[at++];
            value |= (b & 0x7F) << shift;
            shift += 7;
        }
        while (b >= 0x80);
        return value;
    }
}
