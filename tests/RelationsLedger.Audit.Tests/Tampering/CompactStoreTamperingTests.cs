using Microsoft.Data.Sqlite;
using RelationsLedger.Application.Audit.Chain;
using RelationsLedger.Application.Audit.Verify;

namespace RelationsLedger.Audit.Tests.Tampering;

/// <summary>
/// Edits of a store file of version 4 (the compact layout with zstd, <c>ledger store upgrade</c>) where its rows are not text: a byte of a
/// compressed envelope or event, a hash or id kept as bytes, a value that does not decode. Each is named as the event it
/// altered, or as an unreadable row with its position, never a crash.
/// </summary>
public sealed class CompactStoreTamperingTests : FoundingLedgerTests
{
    private static readonly string Stream = TestLedger.RussiaTaliban;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await UpgradeToCompactAsync();
    }

    private async Task<byte[]> StoredAsync(string column, int revision)
    {
        await using var c = new SqliteConnection($"Data Source={LedgerFile};Pooling=False");
        await c.OpenAsync();
        await using var cmd = c.CreateCommand();
        cmd.CommandText = $"SELECT {column} FROM events WHERE stream = $s AND revision = $r";
        cmd.Parameters.AddWithValue("$s", Stream);
        cmd.Parameters.AddWithValue("$r", (long)revision);
        return (byte[])(await cmd.ExecuteScalarAsync())!;
    }

    private Task StoreAsync(string column, int revision, byte[] value) =>
        Ledger.SqlAsync($"UPDATE events SET {column} = $v WHERE stream = $s AND revision = $r", ("$v", value), ("$s", Stream), ("$r", (long)revision));

    private async Task<string> PositionAsync(int revision) => (await Ledger.EventsAsync(Stream))[revision].Recorded.Position.ToString();

    [Fact]
    public async Task Every_row_of_the_founding_example_is_compact_and_verifies()
    {
        foreach (var revision in Enumerable.Range(0, (await Ledger.EventsAsync(Stream)).Count))
        {
            Assert.Equal(16, (await StoredAsync("event_id", revision)).Length);
            Assert.Equal(0x02, (await StoredAsync("metadata", revision))[0]); // zstd: the upgrade writes version 4
        }
        Assert.True((await Ledger.Send(new VerifyLedger())).Ok);
    }

    /// <summary>The envelope's first id is kept as 16 bytes after the zstd form's dictionary and two lengths: one of them changed.</summary>
    [Fact]
    public async Task A_byte_of_an_id_kept_as_bytes_edited_is_named_altered()
    {
        var metadata = await StoredAsync("metadata", 5);
        var at = 2; // the form, the dictionary
        while (metadata[at++] >= 0x80) { } // the text's length
        while (metadata[at++] >= 0x80) { } // the bytes' length
        metadata[at + 3] ^= 0x40;
        await StoreAsync("metadata", 5, metadata);

        var finding = Assert.Single((await Ledger.Send(new VerifyLedger())).Findings);
        Assert.Equal((TamperKind.Altered, Stream, 5UL), (finding.Kind, finding.Stream, finding.Revision));
        Assert.Contains("no longer produces its hash", finding.Detail, StringComparison.Ordinal);
    }

    /// <summary>
    /// Every byte of the compressed data of one event flipped in turn: ALTERED at that event, or its row named unreadable. One
    /// flip gives data that decodes with a party id that is none ("tah elb"): verify failed there as a bug (FormatException
    /// from the rules' placing of the event) until round 41; since round 42 such data is no event of the ledger for every reader
    /// (LedgerEvent.TryDecode), and its hash names it here.
    /// </summary>
    [Fact]
    public async Task Any_byte_of_a_compressed_event_edited_is_named_altered_or_unreadable_never_a_crash()
    {
        var data = await StoredAsync("data", 2);
        var position = await PositionAsync(2);
        int altered = 0, unreadable = 0;
        for (var i = 1; i < data.Length; i++)
        {
            var edited = (byte[])data.Clone();
            edited[i] ^= 0xFF;
            await StoreAsync("data", 2, edited);
            try
            {
                var finding = Assert.Single((await Ledger.Send(new VerifyLedger())).Findings);
                Assert.Equal((TamperKind.Altered, 2UL), (finding.Kind, finding.Revision));
                altered++;
            }
            catch (LedgerTamperedException e)
            {
                var finding = Assert.Single(e.Findings);
                Assert.Equal((TamperKind.Altered, Stream, position), (finding.Kind, finding.Stream, finding.Position));
                Assert.Contains("its data is stored compressed and does not decode", finding.Detail, StringComparison.Ordinal);
                unreadable++;
            }
        }
        Assert.True(altered > 0 && unreadable > 0, $"{altered} altered, {unreadable} unreadable");
    }

    [Fact]
    public async Task A_compact_value_that_does_not_decode_stops_every_reader_naming_its_row()
    {
        var position = await PositionAsync(4);
        await StoreAsync("metadata", 4, [0x01, 0xFF, 0xFF, 0xFF]);

        var e = await Assert.ThrowsAsync<LedgerTamperedException>(() => Ledger.Send(new VerifyLedger()));
        Assert.StartsWith($"The store's row at position {position} is not an event of this ledger (the store file was changed outside it)", e.Message, StringComparison.Ordinal);
        var finding = Assert.Single(e.Findings);
        Assert.Equal($"ALTERED: {Stream} revision 4, event {finding.EventId} (position {position}): its metadata is stored compressed and does not decode " +
            "(its lengths are not those of a value the ledger wrote): the row was changed in the store file", finding.ToString());
        await Ledger.DisposeAsync();
        Ledger = await TestLedger.OpenAsync(LedgerFile);
        var history = await LedgerCli.RunAsync("--store", LedgerFile, "history", "RU", "taliban");
        Assert.Equal(5, history.ExitCode);
        Assert.DoesNotContain("This is a bug", history.Error, StringComparison.Ordinal);
    }

    /// <summary>
    /// A zstd value whose dictionary id is none this build has (an edit: a later build's dictionary comes with a later file version,
    /// which this build refuses before reading a row), or whose frame is not zstd's: the row named, never garbage JSON.
    /// </summary>
    [Theory]
    [InlineData(new byte[] { 0x09 }, "it names zstd dictionary 9, which this ledger does not have (it has 1): use a newer ledger")]
    [InlineData(new byte[] { 0x01, 0x05, 0x00, 0xFF, 0xFF, 0xFF, 0xFF }, "its compressed text does not decompress to its stated length")]
    public async Task A_zstd_value_with_an_unknown_dictionary_or_a_damaged_frame_stops_every_reader_naming_its_row(byte[] afterTheForm, string why)
    {
        var position = await PositionAsync(3);
        var stored = await StoredAsync("metadata", 3);
        byte[] edited = afterTheForm.Length == 1 ? [0x02, afterTheForm[0], .. stored[2..]] : [0x02, .. afterTheForm];
        await StoreAsync("metadata", 3, edited);

        var e = await Assert.ThrowsAsync<LedgerTamperedException>(() => Ledger.Send(new VerifyLedger()));
        var finding = Assert.Single(e.Findings);
        Assert.Equal($"ALTERED: {Stream} revision 3, event {finding.EventId} (position {position}): its metadata is stored compressed and does not decode " +
            $"({why}): the row was changed in the store file", finding.ToString());
    }

    [Fact]
    public async Task An_event_id_of_other_bytes_is_named_as_tampering()
    {
        var position = await PositionAsync(3);
        await StoreAsync("event_id", 3, [0xDE, 0xAD]);

        var e = await Assert.ThrowsAsync<LedgerTamperedException>(() => Ledger.Send(new VerifyLedger()));
        Assert.Equal($"ALTERED: {Stream} (position {position}): its event_id 'x'dead'' is not an event id (a UUID): the row was changed in the store file",
            Assert.Single(e.Findings).ToString());
    }
}
