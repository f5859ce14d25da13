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
        lines[^1] = With(n, "recordedAt", Domain.Time.Moments.Text(earlier));
        var file = _folder.File("edited.ndjson");
        await File.WriteAllLinesAsync(file, lines);
        var expected = $"line {lines.Count}: recordedAt: ";

        var (verify, import) = await BothRefuseAsync(file);
        Assert.Contains(expected, verify, StringComparison.Ordinal);
        Assert.Contains("differs from storedAt", verify, StringComparison.Ordinal);
        Assert.Contains(expected, import, StringComparison.Ordinal);
        Assert.Contains("differs from storedAt", import, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stored_time_that_runs_backwards_along_the_positions_is_named_by_both()
    {
        // The first event of the file's second stream given the file's earliest time, both times, so the line agrees with itself
        // and its own stream's chain holds. Before: verify --file named it altered, and the import recorded it (exit 0) with that
        // time as when the ledger learned the event.
        var lines = export.Lines.ToList();
        var stream = JsonNode.Parse(lines[0])!["stream"]!.GetValue<string>();
        var at = lines.FindIndex(l => JsonNode.Parse(l)!["stream"]!.GetValue<string>() != stream);
        var earliest = Time(JsonNode.Parse(lines[0])!.AsObject(), "storedAt");
        var n = JsonNode.Parse(lines[at])!.AsObject();
        lines[at] = With(JsonNode.Parse(With(n, "storedAt", earliest))!.AsObject(), "recordedAt", earliest);
        var file = _folder.File("backwards.ndjson");
        await File.WriteAllLinesAsync(file, lines);
        var before = JsonNode.Parse(lines[at - 1])!.AsObject();
        var words = $"stored at {DateTimeOffset.Parse(earliest, System.Globalization.CultureInfo.InvariantCulture):O}, earlier than position " +
            $"{before["position"]!.GetValue<string>()} before it ({DateTimeOffset.Parse(Time(before, "storedAt"), System.Globalization.CultureInfo.InvariantCulture):O}): a stored time was changed";

        var verify = await LedgerCli.RunAsync("--store", _folder.File("unused.db"), "verify", "--file", file);
        Assert.True(verify.ExitCode == 5, $"verify --file exited {verify.ExitCode}: {verify.Out}{verify.Error}");
        Assert.Contains(words, verify.Out + verify.Error, StringComparison.Ordinal);
        var import = await LedgerCli.RunAsync("--store", _target, "import", file);
        Assert.True(import.ExitCode == 2, $"import exited {import.ExitCode}: {import.Out}{import.Error}");
        Assert.Contains($"line {at + 1}: storedAt: {words}", import.Error, StringComparison.Ordinal);
        await using var target = await TestLedger.OpenAsync(_target);
        Assert.Equal(_rowsBefore, await target.RowsAsync());
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
        Assert.DoesNotContain("a stored time was changed", import, StringComparison.Ordinal); // the order is said, not what it does to the times
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
        Assert.Contains($"line 5: (line): {why}", verify, StringComparison.Ordinal); // was "line 5: not an export line (docs/audit.md): it {why}": the words unified
        Assert.Contains($"line 5: (line): {why}", import, StringComparison.Ordinal);
        Assert.Contains($"1 problem(s) in {export.Lines.Count} line(s)", import, StringComparison.Ordinal); // was "in 5 line(s)": the reading stopped at line 5, it goes on now
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

    /// <summary>Lines 1-2 of the export, then lines the ledger never writes, each as bytes: what both readers must refuse alike.</summary>
    private byte[] HostileFile()
    {
        static byte[] Utf8(string text) => System.Text.Encoding.UTF8.GetBytes(text);
        byte[] Latin1(string line) => [.. Utf8(line[..20]), 0xE9, .. Utf8(line[20..])]; // a Latin-1 'é' inside a line
        var n = JsonNode.Parse(export.Lines[2])!.AsObject();
        byte[][] lines =
        [
            Utf8(export.Lines[0]), Utf8(export.Lines[1]),
            Utf8("{\"a\":"),                              // 3: not JSON
            Latin1(export.Lines[2]),                       // 4: not UTF-8
            Utf8("[1,2]"), Utf8("\"text\""),               // 5, 6: JSON, not an object
            Utf8(With(n, "eventId", "{" + Id(n) + "}")),   // 7: a field in a form no export writes
            Utf8("{\"stream\":1,\"comment\":null}"),       // 8: a field of another type, an unknown one, the others missing
            Latin1(export.Lines[3]),                       // 9: not UTF-8 again: the reading went on past line 4
            Utf8("  "),                                    // 10: blank, passed over by both
            [0x7B, 0x22, 0xE2, 0x80],                      // 11: the file cut inside a character
        ];
        return [.. lines.SelectMany((line, i) => i == lines.Length - 1 ? line : [.. line, (byte)'\n'])];
    }

    /// <summary>What a reader named, line by line: the lines of its message that name a line.</summary>
    private static List<string> Named(string error) =>
        [.. error.Split('\n').Where(l => l.StartsWith("  line ", StringComparison.Ordinal)).Select(l => l.Trim())];

    [Fact]
    public async Task The_same_hostile_lines_get_the_same_words_from_both()
    {
        // Before: verify --file said "line 3: not an export line (docs/audit.md): Expected depth to be zero …" where the import said
        // "line 3: (line): not valid JSON: Expected depth …", and "not an export line (docs/audit.md): it is not UTF-8 …" where the import
        // said "(line): is not UTF-8 …"; a line missing fields had them named in another order. One parser of a line's JSON
        // (ExportLineFields.Parse) and one source of the words of a line that cannot be read (BoundedLines) now.
        var file = _folder.File("hostile.ndjson");
        await File.WriteAllBytesAsync(file, HostileFile());

        var (verify, import) = await BothRefuseAsync(file);
        Assert.Equal(Named(import), Named(verify));
        Assert.Contains("line 3: (line): not valid JSON: ", verify, StringComparison.Ordinal);
        Assert.Contains("line 4: (line): is not UTF-8: the bytes E9 do not decode as text", verify, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_line_that_is_not_UTF_8_is_named_by_both_and_the_reading_goes_on()
    {
        // Before: both stopped at the first line that was not UTF-8 (line 4): "3 problem(s) in 4 line(s)", where every other bad line
        // of a file is named (up to 100). A line break is never part of a UTF-8 sequence: the reader goes on at the next line.
        var file = _folder.File("hostile.ndjson");
        await File.WriteAllBytesAsync(file, HostileFile());

        var (verify, import) = await BothRefuseAsync(file);
        foreach (var said in new[] { verify, import })
        {
            Assert.Contains("line 4: (line): is not UTF-8: the bytes E9 ", said, StringComparison.Ordinal);
            Assert.Contains("line 9: (line): is not UTF-8: the bytes E9 ", said, StringComparison.Ordinal);
            Assert.Contains("line 11: (line): is not UTF-8: the bytes E2 80 ", said, StringComparison.Ordinal);
            Assert.Contains("line 8: comment: is not a field of an export line", said, StringComparison.Ordinal);
        }
        Assert.Contains("in 11 line(s)", import, StringComparison.Ordinal);
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
