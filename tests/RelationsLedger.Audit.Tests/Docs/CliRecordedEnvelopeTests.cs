
namespace RelationsLedger.Audit.Tests.Docs;

/// <summary>
/// An event recorded by the CLI on the file has no <c>recordedThrough</c>, and its envelope is byte for byte what the ledger
/// wrote before the field existed: the worked example of docs/audit.md, recorded with <c>ledger record</c>, gives the exact
/// metadata and hash written there (by the build of main before <c>recordedThrough</c>, at 734c951).
/// </summary>
public sealed class CliRecordedEnvelopeTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    /// <summary>The worked example's metadata, as main wrote it (docs/audit.md, "Worked example").</summary>
    private const string MainsMetadata =
        """{"schemaVersion":1,"effectiveDate":"2003-02-14","recordedBy":"analyst@example.org","sources":[{"publisher":"Reuters","title":"Russian court bans 15 groups","url":null,"reference":null,"publishedOn":"2003-02"}],"$correlationId":"967ce19d-b891-4a4d-bb73-8f53fee3e66a","$causationId":"967ce19d-b891-4a4d-bb73-8f53fee3e66a","previousHash":null,"hash":"3e0aa16a16670f8d047c5e87992330dbd078294c5148d920df17676c5b2e67df"}""";

    [Fact]
    public async Task The_worked_example_recorded_by_the_CLI_has_mains_bytes_and_hash()
    {
        var db = _folder.File("ledger.db");
        var run = await LedgerCli.RunAsync("--store", db, "record", "impose-designation", "--actor", "RU", "--counterpart", "taliban",
            "--list", "Federal list of terrorist organisations", "--authority", "Supreme Court of the Russian Federation",
            "--effective-date", "2003-02-14", "--recorded-by", "analyst@example.org",
            "--source", "publisher=Reuters;title=Russian court bans 15 groups;published=2003-02", "--command-id", "967ce19d-b891-4a4d-bb73-8f53fee3e66a");
        Assert.True(run.ExitCode == 0, run.Error);

        await using var connection = await StoredJson.OpenAsync(db, readOnly: true);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT json_of(metadata) FROM events"; // the envelope as written, in whichever layout it is kept
        var metadata = (string)(await command.ExecuteScalarAsync())!;

        Assert.Equal(MainsMetadata, metadata);
        Assert.DoesNotContain("recordedThrough", metadata, StringComparison.Ordinal);
        Assert.Equal(0, (await LedgerCli.RunAsync("--store", db, "verify")).ExitCode);
    }
}
