using System.Text.Json.Nodes;

namespace RelationsLedger.Audit.Tests.Transfer;

/// <summary>
/// <c>ledger verify --file</c> and <c>ledger import</c> read the fields of an export line around its data and metadata alike:
/// a line the ledger never writes is named by both, by line and field, and neither verifies nor imports it. (The content the
/// hashes cover — data, envelope, stream, type — is judged by verify as tampering and by the import as a problem.)
/// </summary>
public sealed class ExportReadersAgreeTests(FoundingExport.Whole export) : IClassFixture<FoundingExport.Whole>, IAsyncLifetime
{
    private readonly TempFolder _folder = new();
    private string _target = null!;
    private List<string> _rowsBefore = null!;

    public async Task InitializeAsync()
    {
        _target = _folder.File("target.db"); // holds a relationship the export does not
        var recorded = await LedgerCli.RunAsync("--store", _target, "record", "make-statement", "--actor", "FR", "--counterpart", "DE",
            "--speaker", "A. Minister", "--stance", "ally", "--summary", "Friends.", "--on", "2020", "--source", "publisher=AFP;title=Friends");
        Assert.True(recorded.ExitCode == 0, recorded.Error);
        await using var target = await TestLedger.OpenAsync(_target);
        _rowsBefore = await target.RowsAsync();
    }

    public Task DisposeAsync()
    {
        _folder.Dispose();
        return Task.CompletedTask;
    }

    private static string Id(JsonObject n) => n["eventId"]!.GetValue<string>();

    private static string Time(JsonObject n, string field) => n[field]!.GetValue<string>();

    /// <summary>Each edit of line 2, and the field both readers must name.</summary>
    public static TheoryData<string, string> Edits => new()
    {
        { "an event id in braces", "eventId" },            // verify read any form Guid.Parse reads
        { "an event id of 32 digits", "eventId" },
        { "the event id twice", "eventId" },               // the import named the hash; verify took the last
        { "a field no export has", "comment" },            // verify ignored it
        { "a position that is a number", "position" },
        { "a position that is not one", "position" },      // the import did not read it
        { "storedAt with an offset", "storedAt" },         // verify read any form; the import did not read it
        { "no storedAt", "storedAt" },                     // the import did not need it
        { "recordedAt with an offset", "recordedAt" },     // verify did not read it
        { "a revision in quotes", "revision" },            // verify: "requires an element of type 'Number'", no field
        { "both data and dataBase64", "data" },            // verify took data
    };

    [Theory]
    [MemberData(nameof(Edits))]
    public async Task A_line_the_ledger_never_writes_is_named_by_both_by_line_and_field(string edit, string field)
    {
        var lines = export.Lines.ToList();
        var n = JsonNode.Parse(lines[1])!.AsObject();
        var text = edit switch
        {
            "an event id in braces" => With(n, "eventId", "{" + Id(n) + "}"),
            "an event id of 32 digits" => With(n, "eventId", Guid.Parse(Id(n)).ToString("N")),
            "the event id twice" => lines[1].Replace("\"stream\":", $"\"eventId\":\"{Guid.NewGuid()}\",\"stream\":", StringComparison.Ordinal),
            "a field no export has" => With(n, "comment", "hi"),
            "a position that is a number" => With(n, "position", 2),
            "a position that is not one" => With(n, "position", "second"),
            "storedAt with an offset" => With(n, "storedAt", Time(n, "storedAt")[..^1] + "+00:00"),
            "no storedAt" => Without(n, "storedAt"),
            "recordedAt with an offset" => With(n, "recordedAt", Time(n, "recordedAt")[..^1] + "+00:00"),
            "a revision in quotes" => With(n, "revision", "1"),
            "both data and dataBase64" => With(n, "dataBase64", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(n["data"]!.ToJsonString()))),
            _ => throw new ArgumentOutOfRangeException(nameof(edit), edit, null),
        };
        lines[1] = text;
        var file = _folder.File("edited.ndjson");
        await File.WriteAllLinesAsync(file, lines);

        var (verify, import) = await BothRefuseAsync(file);
        Assert.Contains($"line 2: {field}: ", verify, StringComparison.Ordinal);
        Assert.Contains($"line 2: {field}: ", import, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_recorded_time_edited_in_an_export_is_named_by_both()
    {
        // No hash covers recordedAt, and the digest covers the time the envelope and storedAt give: before, verify --file
        // (with the exporting store's digest too) said OK, and the import recorded the edited time as when the ledger learned
        // the event — what every "as known at" answer of the copy then uses.
        var lines = export.Lines.ToList();
        var n = JsonNode.Parse(lines[^1])!.AsObject();
        var earlier = DateTimeOffset.Parse(Time(n, "recordedAt"), System.Globalization.CultureInfo.InvariantCulture).AddTicks(1);
        lines[^1] = With(n, "recordedAt", Application.Audit.Digest.LedgerDigest.RecordedTime(earlier));
        var file = _folder.File("edited.ndjson");
        await File.WriteAllLinesAsync(file, lines);
        var expected = $"line {lines.Count}: recordedAt: ";

        var (verify, import) = await BothRefuseAsync(file);
        Assert.Contains(expected, verify, StringComparison.Ordinal);
        Assert.Contains("differs from storedAt", verify, StringComparison.Ordinal);
        Assert.Contains(expected, import, StringComparison.Ordinal);
        Assert.Contains("differs from storedAt", import, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("reversed", 2)]
    [InlineData("two lines swapped", 4)]
    public async Task A_file_whose_positions_do_not_rise_is_named_by_both_at_the_line_that_falls(string order, int line)
    {
        // Before: verify --file said TAMPERED, each event of a reversed file "REFUSED: … the ledger's rules refuse it where it
        // stands … chained by someone other than the ledger"; the import that a line "does not chain onto the head of …; import the
        // events before it first" — events the file holds, a few lines further down. Neither said the lines are out of order.
        var lines = export.Lines.ToList();
        if (order == "reversed") lines.Reverse();
        else (lines[2], lines[3]) = (lines[3], lines[2]);
        var file = _folder.File("reordered.ndjson");
        await File.WriteAllLinesAsync(file, lines);
        string Position(int number) => JsonNode.Parse(lines[number - 1])!["position"]!.GetValue<string>();
        var expected = $"line {line}: position: {Position(line)} is not after {Position(line - 1)}, the position of line {line - 1}: " +
            "an export lists its events in its store's order, positions rising";

        var (verify, import) = await BothRefuseAsync(file);
        Assert.Contains(expected, verify, StringComparison.Ordinal);
        Assert.Contains(expected, import, StringComparison.Ordinal);
        Assert.DoesNotContain("import the events before it first", import, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_byte_that_is_not_UTF_8_is_named_by_both_at_its_own_line()
    {
        // Before: both named line 1 ("1 problem(s) in 1 line(s)") of a Latin-1 'é' on line 5: the reader decoded the file in
        // blocks, and a block that did not decode failed before any line of it was counted.
        var bytes = System.Text.Encoding.UTF8.GetBytes(string.Join('\n', export.Lines) + "\n");
        var line5 = bytes.AsSpan().IndexOf(System.Text.Encoding.UTF8.GetBytes(export.Lines[4]));
        var at = line5 + export.Lines[4].IndexOf("\"recordedBy\":\"", StringComparison.Ordinal) + "\"recordedBy\":\"".Length;
        var file = _folder.File("latin1.ndjson");
        await File.WriteAllBytesAsync(file, [.. bytes[..at], 0xE9, .. bytes[at..]]);
        const string why = "is not UTF-8: the bytes E9 do not decode as text (a file cut inside a character, or written in another encoding)";

        var (verify, import) = await BothRefuseAsync(file);
        Assert.Contains($"line 5: not an export line (docs/audit.md): it {why}", verify, StringComparison.Ordinal);
        Assert.Contains($"line 5: (line): {why}", import, StringComparison.Ordinal);
        Assert.Contains("1 problem(s) in 5 line(s)", import, StringComparison.Ordinal);
    }

    /// <summary>
    /// Runs both readers of <paramref name="file"/>: each must refuse it as invalid input (exit code 2), and the import must
    /// have written nothing. Their standard errors, for what each must say.
    /// </summary>
    private async Task<(string Verify, string Import)> BothRefuseAsync(string file)
    {
        var verify = await LedgerCli.RunAsync("--store", _folder.File("unused.db"), "verify", "--file", file);
        Assert.True(verify.ExitCode == 2, $"verify --file exited {verify.ExitCode}: {verify.Out}{verify.Error}");
        var import = await LedgerCli.RunAsync("--store", _target, "import", file);
        Assert.True(import.ExitCode == 2, $"import exited {import.ExitCode}: {import.Out}{import.Error}");
        await using var target = await TestLedger.OpenAsync(_target);
        Assert.Equal(_rowsBefore, await target.RowsAsync());
        return (verify.Error, import.Error);
    }

    private static string With(JsonObject n, string field, JsonNode? value)
    {
        var copy = n.DeepClone().AsObject();
        copy[field] = value;
        return copy.ToJsonString();
    }

    private static string Without(JsonObject n, string field)
    {
        var copy = n.DeepClone().AsObject();
        copy.Remove(field);
        return copy.ToJsonString();
    }

    [Fact]
    public async Task The_unedited_export_verifies_and_imports()
    {
        var file = _folder.File("export.ndjson");
        await File.WriteAllLinesAsync(file, export.Lines);
        var verify = await LedgerCli.RunAsync("--store", _folder.File("unused.db"), "verify", "--file", file);
        Assert.True(verify.ExitCode == 0, verify.Out + verify.Error);
        var import = await LedgerCli.RunAsync("--store", _target, "import", file);
        Assert.True(import.ExitCode == 0, import.Out + import.Error);
    }
}
