using System.Text;
using System.Text.Json.Nodes;
using RelationsLedger.Application.Audit.Chain;
using RelationsLedger.Application.Audit.Export;
using RelationsLedger.Application.Audit.Import;
using RelationsLedger.Application.Audit.Verify;
using RelationsLedger.Application.Commands.Designations;
using RelationsLedger.Audit.Tests.Transfer;

namespace RelationsLedger.Audit.Tests.Tampering;

/// <summary>
/// The API key an event was recorded through (<c>recordedThrough</c>) is covered by the event's hash when present: editing,
/// removing or adding it on the real SQLite file is named by <c>verify</c>; an export and an import keep it byte for byte.
/// </summary>
public sealed class RecordedThroughTests : FoundingLedgerTests
{
    private const string Stream = "relationship-RU~isis-k";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        // As the API records it: the body's recorder, and the name of the key the server authenticated.
        await Ledger.RecordAsync(new ImposeDesignation("RU", "isis-k", "Federal list of terrorist organisations", "Supreme Court").On("2015-02") with
        {
            RecordedBy = "bob", RecordedThrough = "alice",
        });
    }

    // Read as stored, not decoded: an edited envelope no longer produces its hash, and no decoding reader takes it for the ledger's.
    private async Task<string> MetadataAsync(string stream, ulong revision) =>
        Encoding.UTF8.GetString((await Ledger.Store.ReadStreamAsync(stream, Application.Storage.ReadDirection.Forwards, revision, 1).SingleAsync()).Metadata.Span);

    private async Task<ChainFinding> OnlyFindingAsync()
    {
        var report = await Ledger.Send(new VerifyLedger());
        Assert.False(report.Ok);
        return Assert.Single(report.Findings);
    }

    [Fact]
    public async Task It_is_stored_beside_recordedBy_and_the_ledger_verifies()
    {
        Assert.Contains("\"recordedBy\":\"bob\",\"recordedThrough\":\"alice\",", await MetadataAsync(Stream, 0), StringComparison.Ordinal);
        var report = await Ledger.Send(new VerifyLedger());
        Assert.True(report.Ok, string.Join("\n", report.Findings));
    }

    [Theory]
    [InlineData("history")]
    [InlineData("audit")]
    public async Task The_CLI_shows_it_under_who_recorded_the_event(string view)
    {
        var run = await LedgerCli.RunAsync("--store", LedgerFile, view, "RU", "isis-k");
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("through key alice", run.Out, StringComparison.Ordinal);

        var json = JsonNode.Parse((await LedgerCli.RunAsync("--store", LedgerFile, view, "RU", "isis-k", "--json")).Out)!;
        var entry = view == "history" ? json.AsArray().Single()! : json["entries"]!.AsArray().Single()!;
        Assert.Equal(("bob", "alice"), ((string?)entry["recordedBy"], (string?)entry["recordedThrough"]));
    }

    public static IEnumerable<object[]> RecordedThroughEdits => StoreVersions.Each(new TheoryData<string, string>
    {
        { "\"recordedThrough\":\"alice\"", "\"recordedThrough\":\"mallory\"" }, // another key
        { ",\"recordedThrough\":\"alice\"", "" },                             // no key at all: as if the CLI had recorded it
    });

    [Theory, MemberData(nameof(RecordedThroughEdits))]
    public async Task Editing_or_removing_it_in_the_file_is_named_altered(int version, string from, string to)
    {
        await AtVersionAsync(version);
        await Ledger.SqlAsync("UPDATE events SET metadata = stored_like(metadata, replace(json_of(metadata), $from, $to)) WHERE stream = $s",
            ("$from", from), ("$to", to), ("$s", Stream));
        Assert.DoesNotContain("\"alice\"", await MetadataAsync(Stream, 0), StringComparison.Ordinal);

        var finding = await OnlyFindingAsync();
        Assert.Equal((TamperKind.Altered, Stream, 0UL), (finding.Kind, finding.Stream, finding.Revision));
        Assert.Contains("no longer produces its hash", finding.Detail, StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(StoreVersions.Both), MemberType = typeof(StoreVersions))]
    public async Task Adding_it_to_an_event_recorded_without_it_is_named_altered(int version)
    {
        await AtVersionAsync(version);
        await Ledger.SqlAsync("""UPDATE events SET metadata = stored_like(metadata, replace(json_of(metadata), '"recordedBy":"demo",', '"recordedBy":"demo","recordedThrough":"alice",')) WHERE stream = $s AND revision = 1""",
            ("$s", TestLedger.RussiaTaliban));
        Assert.Contains("\"recordedThrough\":\"alice\"", await MetadataAsync(TestLedger.RussiaTaliban, 1), StringComparison.Ordinal);

        var finding = await OnlyFindingAsync();
        Assert.Equal((TamperKind.Altered, TestLedger.RussiaTaliban, 1UL), (finding.Kind, finding.Stream, finding.Revision));
    }

    [Fact]
    public async Task An_export_and_its_import_keep_it_byte_for_byte()
    {
        var file = Folder.File("ledger.ndjson");
        await using (var output = File.Create(file))
            await Ledger.Send(new ExportEvents(output));
        var line = File.ReadLines(file).Single(l => l.Contains(Stream, StringComparison.Ordinal));
        var exported = JsonNode.Parse(line)!["metadata"]!;
        Assert.Equal("alice", (string?)exported["recordedThrough"]);

        await using var copy = await TestLedger.OpenAsync(Folder.File("copy.db"));
        await using (var input = File.OpenRead(file))
            Assert.Equal(16, (await copy.Send(new ImportEvents(input))).Imported);
        var verified = await copy.Send(new VerifyLedger());
        Assert.True(verified.Ok, string.Join("\n", verified.Findings));

        var imported = Encoding.UTF8.GetString((await copy.EventsAsync(Stream)).Single().Recorded.Metadata.Span);
        Assert.Contains("\"recordedBy\":\"bob\",\"recordedThrough\":\"alice\",", imported, StringComparison.Ordinal);
        Assert.Equal((string?)exported["hash"], (string?)JsonNode.Parse(imported)!["hash"]);
        // And the copy exports the line it was given (but for what belongs to the store holding it).
        using var again = new MemoryStream();
        await copy.Send(new ExportEvents(again));
        Assert.Equal(StoreFields.OfLine(line),
            StoreFields.OfLine(Encoding.UTF8.GetString(again.ToArray()).Split('\n').Single(l => l.Contains(Stream, StringComparison.Ordinal))));
    }
}
