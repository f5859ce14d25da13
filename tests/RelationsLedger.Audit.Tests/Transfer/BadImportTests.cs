using System.Text;
using System.Text.Json.Nodes;
using RelationsLedger.Application.Audit.Import;
using RelationsLedger.Domain.Aspects;
using RelationsLedger.Domain.Events;

namespace RelationsLedger.Audit.Tests.Transfer;

/// <summary>
/// Each kind of bad line is named by line number and field, and nothing of the file is written:
/// the target store (which already holds another relationship) is byte for byte unchanged.
/// </summary>
public sealed class BadImportTests : IAsyncLifetime
{
    /// <summary>
    /// The endless inputs' cancellation: a guard against hanging only, far above what a loaded machine needs. An import that
    /// reads on is stopped by the input itself, by bytes (<see cref="EndlessStream.GivesUpAfter"/>), not by this clock.
    /// </summary>
    private static readonly TimeSpan HangGuard = TimeSpan.FromMinutes(5);

    private readonly TempFolder _folder = new();
    private TestLedger _target = null!;
    private List<string> _lines = null!;
    private List<string> _rowsBefore = null!;

    public async Task InitializeAsync()
    {
        _lines = await FoundingExport.LinesAsync(_folder.File("source.db"), "RU", "taliban");
        _target = await TestLedger.OpenAsync(_folder.File("target.db"));
        await _target.RecordSecondRelationshipAsync();
        _rowsBefore = await _target.RowsAsync();
    }

    public async Task DisposeAsync()
    {
        await _target.DisposeAsync();
        _folder.Dispose();
    }

    private static JsonObject Node(string line) => JsonNode.Parse(line)!.AsObject();

    private string Edit(int line, Action<JsonObject> edit)
    {
        var node = Node(_lines[line - 1]);
        edit(node);
        return node.ToJsonString();
    }

    /// <summary>Imports the file with line <paramref name="number"/> replaced; returns the errors, after checking nothing was written.</summary>
    private async Task<IReadOnlyList<ImportError>> RejectedAsync(int number, string replacement, bool append = false)
    {
        var lines = _lines.ToList();
        if (append) lines.Add(replacement);
        else lines[number - 1] = replacement;
        return await RejectedFileAsync(lines);
    }

    private async Task<IReadOnlyList<ImportError>> RejectedFileAsync(List<string> lines)
    {
        using var input = new MemoryStream(Encoding.UTF8.GetBytes(string.Join('\n', lines) + "\n"));
        var e = await Assert.ThrowsAsync<ImportRejectedException>(() => _target.Send(new ImportEvents(input)));
        Assert.Equal(_rowsBefore, await _target.RowsAsync());
        return e.Errors;
    }

    private static void Names(IReadOnlyList<ImportError> errors, int line, string field, string fragment)
    {
        Assert.Contains(errors, e => e.Line == line && e.Field == field && e.Message.Contains(fragment, StringComparison.Ordinal));
        Assert.All(errors, e => Assert.Equal(line, e.Line));
    }

    /// <summary>Issue #11: a garbage file is refused after the first problems, reading only as far as needed, whatever its size.</summary>
    [Fact]
    public async Task A_large_garbage_file_is_refused_after_the_first_problems_without_reading_it_all()
    {
        var line = "{\"x\":1}\n"u8.ToArray();
        using var input = new CountingStream(Enumerable.Repeat(line, 500_000).SelectMany(b => b).ToArray());
        var e = await Assert.ThrowsAsync<ImportRejectedException>(() => _target.Send(new ImportEvents(input)));
        Assert.True(e.Stopped);
        Assert.Contains("at least", e.Message, StringComparison.Ordinal);
        Assert.InRange(e.Errors.Count, 1, ImportEventsHandler.MaxErrors);
        Assert.True(input.BytesRead < input.Length / 10, $"read {input.BytesRead} of {input.Length} bytes");
        Assert.Equal(_rowsBefore, await _target.RowsAsync());
    }

    [Fact]
    public async Task One_endless_line_is_refused_without_holding_it()
    {
        using var input = new MemoryStream(Encoding.UTF8.GetBytes("{\"x\":\"" + new string('a', 3 << 20) + "\"}"));
        var e = await Assert.ThrowsAsync<ImportRejectedException>(() => _target.Send(new ImportEvents(input)));
        Assert.Contains(e.Errors, error => error.Line == 1 && error.Message.Contains("is longer than", StringComparison.Ordinal));
        Assert.Equal(_rowsBefore, await _target.RowsAsync());
    }

    [Fact]
    public async Task Input_that_never_ends_and_holds_no_line_break_is_refused_after_its_first_MiB()
    {
        // Before: 'ledger import /dev/zero' (or a FIFO whose producer writes no line break) read on forever, looking for the
        // end of line 1 after it was already too long. Now a line over the limit ends the reading: the file is not an export.
        var input = new EndlessStream();
        using var forever = new CancellationTokenSource(HangGuard);
        var e = await Assert.ThrowsAsync<ImportRejectedException>(() => _target.Send(new ImportEvents(input), forever.Token));
        Assert.Contains(e.Errors, error => error.Line == 1 && error.Message.Contains("is longer than", StringComparison.Ordinal));
        Assert.InRange(input.BytesRead, 1 << 20, 2 << 20);
        Assert.Equal(_rowsBefore, await _target.RowsAsync());
    }

    [Fact]
    public async Task Lines_that_are_not_UTF_8_are_each_named_up_to_the_limit_and_one_that_never_ends_ends_the_reading()
    {
        // Before: the first line that was not UTF-8 ended the reading: "1 problem(s) in 1 line(s)" for a file of 150 such lines,
        // where 150 lines of bad JSON were "at least 100 problem(s)". A line break is never part of a UTF-8 sequence: the reader
        // goes on at the next line, all or nothing as before.
        using var input = new MemoryStream([.. Enumerable.Repeat<byte[]>([0x7B, 0xE9, 0x7D, 0x0A], 150).SelectMany(b => b)]);
        var e = await Assert.ThrowsAsync<ImportRejectedException>(() => _target.Send(new ImportEvents(input)));
        Assert.True(e.Stopped, e.Message);
        Assert.Contains("at least", e.Message, StringComparison.Ordinal);
        Assert.Equal(Enumerable.Range(1, ImportEventsHandler.MaxErrors), e.Errors.Select(error => error.Line));
        Assert.All(e.Errors, error => Assert.StartsWith("is not UTF-8: the bytes E9 ", error.Message, StringComparison.Ordinal));

        // Going on past such a line is bounded as a line is: bytes that are not UTF-8 with no line break end the reading after 1 MiB.
        var forever = new EndlessStream(0xFF);
        using var stop = new CancellationTokenSource(HangGuard);
        var endless = await Assert.ThrowsAsync<ImportRejectedException>(() => _target.Send(new ImportEvents(forever), stop.Token));
        var only = Assert.Single(endless.Errors);
        Assert.Equal(1, only.Line);
        Assert.Contains("is not UTF-8: the bytes FF ", only.Message, StringComparison.Ordinal);
        Assert.Contains("the file was not read further", only.Message, StringComparison.Ordinal);
        Assert.InRange(forever.BytesRead, 1 << 20, 2 << 20);
        Assert.Equal(_rowsBefore, await _target.RowsAsync());
    }

    /// <summary>
    /// Found in round 44: a file none of whose lines is UTF-8 was read whole before the limit of problems was looked at (its
    /// lines filled no chunk): <c>ledger import /dev/urandom</c> ran 189 s and held 468 MB, and endless such lines never ended.
    /// They end the reading as lines of bad JSON do, within two chunks of lines.
    /// </summary>
    [Fact]
    public async Task Endless_lines_none_of_them_UTF_8_end_the_reading_at_the_limit_of_problems()
    {
        var forever = new EndlessStream([0x7B, 0xE9, 0x7D, 0x0A]);
        using var stop = new CancellationTokenSource(HangGuard);
        var e = await Assert.ThrowsAsync<ImportRejectedException>(() => _target.Send(new ImportEvents(forever), stop.Token));
        Assert.True(e.Stopped, e.Message);
        Assert.Equal(Enumerable.Range(1, ImportEventsHandler.MaxErrors), e.Errors.Select(error => error.Line));
        Assert.InRange(forever.BytesRead, 1, 1 << 20); // two chunks of 2,048 four-byte lines, and the blocks they came in
        Assert.Equal(_rowsBefore, await _target.RowsAsync());
    }

    /// <summary>
    /// Before: a file cut inside a character's bytes was refused with .NET's words ("Unable to translate bytes [E2] at
    /// index -1 from specified code page to Unicode") and counted as one line fewer than the line it named ("1 problem(s)
    /// in 12 line(s)" for line 13). Now the bytes are named as bytes that are not UTF-8, and the line counts.
    /// </summary>
    [Fact]
    public async Task A_file_cut_inside_a_character_names_the_bytes_and_counts_the_line()
    {
        var bytes = Encoding.UTF8.GetBytes(string.Join('\n', _lines) + "\n").Concat(new byte[] { 0xE2, 0x80 }).ToArray();
        using var input = new MemoryStream(bytes);
        var e = await Assert.ThrowsAsync<ImportRejectedException>(() => _target.Send(new ImportEvents(input)));
        var error = Assert.Single(e.Errors);
        Assert.Equal((_lines.Count + 1, "(line)"), (error.Line, error.Field));
        Assert.Equal("is not UTF-8: the bytes E2 80 do not decode as text (a file cut inside a character, or written in another encoding)", error.Message);
        Assert.Contains($"1 problem(s) in {_lines.Count + 1} line(s)", e.Message, StringComparison.Ordinal);
        Assert.Equal(_rowsBefore, await _target.RowsAsync());
    }

    /// <summary>A stream that counts what was read of it.</summary>
    private sealed class CountingStream(byte[] bytes) : MemoryStream(bytes)
    {
        public long BytesRead { get; private set; }

        public override int Read(byte[] buffer, int offset, int count) => Count(base.Read(buffer, offset, count));

        public override int Read(Span<byte> buffer) => Count(base.Read(buffer));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => Count(await base.ReadAsync(buffer, cancellationToken));


        private int Count(int n)
        {
            BytesRead += n;
            return n;
        }
    }

    [Fact]
    public async Task The_unaltered_file_imports()
    {
        using var input = new MemoryStream(Encoding.UTF8.GetBytes(string.Join('\n', _lines)));
        Assert.Equal(13, (await _target.Send(new ImportEvents(input))).Imported);
    }

    [Fact]
    public async Task The_unaltered_file_saved_with_a_byte_order_mark_imports()
    {
        // Editors and shells on Windows save UTF-8 with a BOM; before, line 1 was refused ("'0xEF' is an invalid start of a value")
        // while 'ledger verify --file' read the same file as an export.
        using var input = new MemoryStream([.. Encoding.UTF8.Preamble, .. Encoding.UTF8.GetBytes(string.Join("\r\n", _lines))]);
        Assert.Equal(13, (await _target.Send(new ImportEvents(input))).Imported);
    }

    [Theory] // Windows PowerShell 5's 'ledger export > file' and Notepad's "Unicode" write UTF-16 with its byte-order mark
    [InlineData("utf-16", "UTF-16", "FF FE")]
    [InlineData("utf-16BE", "UTF-16", "FE FF")]
    [InlineData("utf-32", "UTF-32", "FF FE 00 00")]
    public async Task The_unaltered_file_saved_as_UTF_16_or_UTF_32_is_named_once_as_such_by_import_and_verify(string encoding, string name, string mark)
    {
        // Before, every line was named: "line 1: (line): is not UTF-8: the bytes FF do not decode as text (a file cut inside a
        // character, or written in another encoding)", then "line 2: (line): not valid JSON: '0x00' is an invalid start of a value" …
        var file = _folder.File("exported-by-powershell.ndjson");
        var text = Encoding.GetEncoding(encoding);
        await File.WriteAllBytesAsync(file, [.. text.Preamble, .. text.GetBytes(string.Join("\r\n", _lines) + "\r\n")]);
        await NamedOnceByImportAndVerifyAsync(file, $"is {name}, not UTF-8: it begins with {name}'s byte-order mark ({mark}), as Notepad's \"Unicode\" and " +
            $"Windows PowerShell 5's '>' write. Save it as UTF-8 (iconv -f {name} -t UTF-8; in PowerShell, Out-File -Encoding utf8)");
    }

    /// <summary>The file refused by the import and by <c>verify --file</c> with one problem, at line 1; the store's rows unchanged.</summary>
    private async Task NamedOnceByImportAndVerifyAsync(string path, string expected)
    {
        var import = await LedgerCli.RunAsync("--store", _target.Path, "import", path);
        Assert.Equal(2, import.ExitCode);
        Assert.Equal(["The file was not imported: 1 problem(s) in 1 line(s). Nothing was written.", "  line 1: (line): " + expected], import.Error.TrimEnd().Split('\n'));
        Assert.Equal(_rowsBefore, await _target.RowsAsync());
        var verify = await LedgerCli.RunAsync("--store", _target.Path, "verify", "--file", path);
        Assert.Equal(2, verify.ExitCode);
        Assert.Equal(["Invalid input:", "  line 1: (line): " + expected], verify.Error.TrimEnd().Split('\n'));
    }

    [Fact]
    public async Task The_store_itself_or_a_compressed_export_is_named_once_as_such_by_import_and_verify()
    {
        // Before, read as text line after line: "line 1: (line): is not UTF-8: the bytes 95 …" (the store), "… the bytes 8B …"
        // then "line 3: (line): not valid JSON: '\' is an invalid start of a value" (gzip), each up to 100 lines.
        var gzipped = _folder.File("export.ndjson.gz");
        await using (var file = File.Create(gzipped))
        await using (var gzip = new System.IO.Compression.GZipStream(file, System.IO.Compression.CompressionLevel.Fastest))
            await gzip.WriteAsync(Encoding.UTF8.GetBytes(string.Join("\n", _lines) + "\n"));
        await NamedOnceByImportAndVerifyAsync(_target.Path,
            "is a SQLite database (a ledger's store?), not text: name the text file itself; a store's events are copied by exporting them (ledger --store FILE export -o EXPORT.ndjson)");
        await NamedOnceByImportAndVerifyAsync(gzipped, "is compressed with gzip, not text: decompress it first (gunzip, or zcat FILE)");
    }

    [Fact]
    public async Task Malformed_json() => Names(await RejectedAsync(3, _lines[2][..40]), 3, "(line)", "not valid JSON");

    [Theory]
    [InlineData("{{{0}}}")]
    [InlineData("({0})")]
    [InlineData("{0:N}")]
    public async Task An_event_id_in_another_form_than_the_exports(string form)
    {
        // Before, any form Guid.TryParse reads was imported; every other entry point reads one form (UuidText).
        var line = Edit(2, n => n["eventId"] = string.Format(System.Globalization.CultureInfo.InvariantCulture, form, Guid.Parse(n["eventId"]!.GetValue<string>())));
        Names(await RejectedAsync(2, line), 2, "eventId", "is not an event id (a UUID in the form xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)");
    }

    [Fact]
    public async Task Unknown_type() => Names(await RejectedAsync(3, Edit(3, n => n["type"] = "DesignationImposedTwice")), 3, "type", "'DesignationImposedTwice' version 1 is not an event type");

    [Fact]
    public async Task Missing_field_of_the_data() => Names(await RejectedAsync(3, Edit(3, n => n["data"]!.AsObject().Remove("list"))), 3, "data", "list");

    [Fact]
    public async Task Missing_field_of_the_line() => Names(await RejectedAsync(2, Edit(2, n => n.Remove("stream"))), 2, "stream", "is required");

    [Fact]
    public async Task Half_a_surrogate_pair_escaped_in_a_field_is_named_not_a_crash() =>
        Names(await RejectedAsync(2, _lines[1].Replace("\"stream\":\"relationship-", "\"stream\":\"\\ud800relationship-", StringComparison.Ordinal)), 2, "stream", "not valid Unicode");

    [Fact] // before: "ledger: unexpected error: AggregateException: … (Cannot read incomplete UTF-16 JSON text as string with missing low surrogate.) This is a bug", exit 1
    public async Task Half_a_surrogate_pair_escaped_in_a_field_name_is_named_not_a_crash() =>
        Names(await RejectedAsync(2, _lines[1][..^1] + ",\"\\ud800\":1}"), 2, "(line)", "a field's name cannot be read as text: it is not valid Unicode");

    [Fact]
    public async Task Half_a_surrogate_pair_escaped_in_the_envelope_is_named_by_its_field() =>
        Names(await RejectedAsync(2, _lines[1].Replace("\"recordedBy\":\"", "\"recordedBy\":\"\\ud800", StringComparison.Ordinal)), 2, "metadata.recordedBy", "not valid Unicode");

    [Fact]
    public async Task Unknown_field_of_the_line() => Names(await RejectedAsync(2, Edit(2, n => n["comment"] = "hi")), 2, "comment", "is not a field of an export line");

    [Fact] // found by the import fuzz test, seed eKs2e1_1PwK1: the error named the field "", which says nothing
    public async Task A_field_with_an_empty_name_is_named_as_such() =>
        Names(await RejectedAsync(2, Edit(2, n => n[""] = 1)), 2, "(line)", "a field with an empty name is not a field of an export line");

    // The line's field names are told by their bytes (ExportLineFields.CheckNames), unescaped as a reader reads them.
    [Fact]
    public async Task A_field_named_through_escapes_is_that_field()
    {
        var lines = _lines.ToList();
        lines[1] = lines[1].Replace("\"stream\":", "\"\\u0073tr\\u0065am\":", StringComparison.Ordinal);
        Assert.Contains("\\u0073tr", lines[1], StringComparison.Ordinal);
        using var input = new MemoryStream(Encoding.UTF8.GetBytes(string.Join('\n', lines)));
        Assert.Equal(13, (await _target.Send(new ImportEvents(input))).Imported);
    }

    [Fact]
    public async Task A_field_given_again_through_escapes_is_named_as_given_twice() =>
        Names(await RejectedAsync(2, _lines[1][..^1] + $",\"\\u0073tream\":\"{Node(_lines[1])["stream"]}\"}}"), 2, "stream", "is given twice");

    [Fact]
    public async Task Every_field_given_twice_is_named_each_once()
    {
        var errors = await RejectedAsync(2, _lines[1][..^1] + "," + _lines[1][1..]); // each field of the line, then each again
        var fields = Node(_lines[1]).Select(p => p.Key).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(9, fields.Count);
        Assert.All(errors, e => Assert.Equal(2, e.Line));
        Assert.Equal(fields, errors.Where(e => e.Message.StartsWith("is given twice", StringComparison.Ordinal)).Select(e => e.Field).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Invalid_party_id() => Names(await RejectedAsync(3, Edit(3, n => n["data"]!["actor"] = "Russia!")), 3, "data.actor", "'Russia!' is neither an ISO 3166-1 alpha-2 code");

    [Fact]
    public async Task Bad_effective_date() => Names(await RejectedAsync(3, Edit(3, n => n["metadata"]!["effectiveDate"] = "2003-02-30")), 3, "metadata.effectiveDate", "day 30 does not exist");

    [Fact]
    public async Task Future_effective_date() => Names(await RejectedAsync(3, Edit(3, n => n["metadata"]!["effectiveDate"] = "9999")), 3, "metadata.effectiveDate", "is in the future");

    [Fact]
    public async Task Bad_recorded_time() => Names(await RejectedAsync(3, Edit(3, n => n["recordedAt"] = "yesterday")), 3, "recordedAt", "is not a time in the form an export writes");

    [Theory]
    [InlineData("+00:00")]
    [InlineData("+02:00")]
    [InlineData("no fraction")]
    [InlineData("a space for the T")]
    [InlineData("a leading space")]
    public async Task A_recorded_time_in_another_form_than_the_exports(string form)
    {
        // Before, any text DateTimeOffset.TryParse read as a time with an offset was imported, as that moment; every other time
        // an export holds is read in the one form it writes (docs/audit.md). The same moment, written otherwise:
        var line = Edit(3, n =>
        {
            var time = DateTimeOffset.Parse(n["recordedAt"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
            var text = n["recordedAt"]!.GetValue<string>();
            n["recordedAt"] = form switch
            {
                "+00:00" => text[..^1] + "+00:00",
                "+02:00" => time.ToOffset(TimeSpan.FromHours(2)).ToString("yyyy-MM-dd'T'HH:mm:ss.fffffffzzz", System.Globalization.CultureInfo.InvariantCulture),
                "no fraction" => text[..19] + "Z",
                "a space for the T" => text.Replace('T', ' '),
                _ => " " + text,
            };
        });
        Names(await RejectedAsync(3, line), 3, "recordedAt", "is not a time in the form an export writes: yyyy-MM-ddTHH:mm:ss.fffffffZ");
    }

    [Fact]
    public async Task Unsourced() => Names(await RejectedAsync(3, Edit(3, n => n["metadata"]!["sources"] = new JsonArray())), 3, "metadata.sources", "auditors reject an unsourced fact");

    /// <summary>
    /// A source cited by the lines before it and passed there, then cited again with one character more: the lines' memo of
    /// sources that passed (<c>VouchedSources</c>) holds the source as it was, so the altered one is checked and refused, beside
    /// the good one or alone, by its index.
    /// </summary>
    [Theory]
    [InlineData(false, "metadata.sources[0].title")]
    [InlineData(true, "metadata.sources[1].title")]
    public async Task A_source_cited_before_and_altered_by_a_character_is_refused(bool besideTheGood, string field)
    {
        var cited = Node(_lines[0])["metadata"]!["sources"]![0]!;
        var altered = cited.DeepClone();
        altered["title"] = altered["title"]!.GetValue<string>() + "\u0007";
        var sources = besideTheGood ? new JsonArray(cited.DeepClone(), altered) : new JsonArray(altered);

        var errors = await RejectedAsync(3, Edit(3, n => n["metadata"]!["sources"] = sources));

        Names(errors, 3, field, "contains an unprintable character (U+0007 at position");
    }

    [Fact]
    public async Task Hash_mismatch() => Names(await RejectedAsync(3, Edit(3, n => n["data"]!["reference"] = "GKPI 03-116")), 3, "metadata.hash", "does not match the event's content");

    [Fact]
    public async Task A_missing_line_breaks_the_chain() =>
        Names(await RejectedFileAsync(_lines.Where((_, i) => i != 1).ToList()), 2, "metadata.previousHash", "does not chain onto the head");

    [Fact]
    public async Task Contradiction_with_the_timeline()
    {
        // A well-formed, correctly hashed and chained event the decisions refuse: the designation was removed already.
        var last = Node(_lines[^1]);
        var forged = Forge.Event(TestLedger.RussiaTaliban,
            new DesignationRemoved("RU", "taliban", "Federal list of terrorist organisations", "Supreme Court of the Russian Federation", null),
            "2025-06-01", last["metadata"]!["hash"]!.GetValue<string>());
        var line = Forge.Line(forged, TestLedger.RussiaTaliban, _lines.Count, last["recordedAt"]!.GetValue<string>());
        Names(await RejectedAsync(_lines.Count + 1, line, append: true), _lines.Count + 1, "data", "DesignationRemoved refused");
    }

    [Fact]
    public async Task Duplicate_id_with_different_content()
    {
        // The target already holds this id, in another relationship.
        var taken = (await _target.EventsAsync(TestLedger.UsAfghanistan))[0].EventId;
        var last = Node(_lines[^1]);
        var forged = Forge.Event(TestLedger.RussiaTaliban, new StatementMade("RU", "taliban", "A. Person", Stance.Neutral, "Said something."),
            "2025-06", last["metadata"]!["hash"]!.GetValue<string>(), taken);
        var line = Forge.Line(forged, TestLedger.RussiaTaliban, _lines.Count, last["recordedAt"]!.GetValue<string>());
        Names(await RejectedAsync(_lines.Count + 1, line, append: true), _lines.Count + 1, "eventId", "is already recorded, in " + TestLedger.UsAfghanistan);
    }

    [Fact]
    public async Task The_cli_names_the_line_and_field_and_writes_nothing()
    {
        var file = _folder.File("bad.ndjson");
        var lines = _lines.ToList();
        lines[4] = Edit(5, n => n["data"]!["actor"] = "Russia!");
        await File.WriteAllLinesAsync(file, lines);
        var run = await LedgerCli.RunAsync("--store", _target.Path, "import", file);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("line 5: data.actor: 'actor' 'Russia!' is neither", run.Error);
        Assert.Contains("Nothing was written.", run.Error);
        Assert.Equal(_rowsBefore, await _target.RowsAsync());
    }
}
