namespace RelationsLedger.Cli.Tests;

/// <summary>
/// What <c>ledger import-us-missions --file FILE</c> says of a FILE that is not the dataset's CSV as written (UTF-8, RFC 4180):
/// exit code 2, the file, line and field named and why, nothing recorded — never a row recorded with its text changed.
/// </summary>
public sealed class UsMissionsFileTests : IDisposable
{
    private const string Header = "state_dept_name,status_change,year,month,day,last_verified,notes\n";
    private readonly TempFolder _folder = new();
    private string Store => _folder.File("ledger.db");

    public void Dispose() => _folder.Dispose();

    private Task<CliResult> Import(string path) => LedgerCli.RunAsync("--store", Store, "import-us-missions", "--file", path, "--json");

    private async Task<string> CsvAsync(params byte[][] rows)
    {
        var path = _folder.File("transitions.csv");
        await File.WriteAllBytesAsync(path, [.. System.Text.Encoding.UTF8.GetBytes(Header), .. rows.SelectMany(r => r)]);
        return path;
    }

    private static byte[] Row(string text) => System.Text.Encoding.UTF8.GetBytes(text + "\n");

    private void Refused(CliResult run, string expected)
    {
        Assert.True(run.ExitCode == 2, $"exit {run.ExitCode}: {run.Out}{run.Error}");
        Assert.Contains(expected, run.Out + run.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Store));
    }

    [Fact]
    public async Task A_file_that_is_not_UTF_8_is_named_at_its_line_and_nothing_is_recorded()
    {
        // Before: read leniently, a Latin-1 'é' in a note was recorded as U+FFFD in the event's source, exit 0.
        var path = await CsvAsync(Row("France,Legation,1801,12,6,2023-12-06,"), [.. "France,Embassy,1893,4,8,2023-12-06,caf"u8, 0xE9, .. "\n"u8]);
        Refused(await Import(path), "transitions.csv line 3 is not UTF-8: the bytes E9 do not decode as text (a file cut inside a character, or written in another encoding)");
    }

    [Fact]
    public async Task A_file_saved_as_UTF_16_is_named_once_as_such()
    {
        // Excel's "Unicode text" and Windows PowerShell 5 write UTF-16. Before, only the lines with letters beyond ASCII were
        // named ("transitions.csv line 1 is not UTF-8: the bytes FF …", "line 3 … the bytes E7 …" of "Curaçao"), as if the rest were right.
        var path = _folder.File("transitions.csv");
        var rows = Header + "France,Legation,1801,12,6,2023-12-06,\nCuraçao,Consulate,1900,1,1,2023-12-06,\n";
        await File.WriteAllBytesAsync(path, [.. System.Text.Encoding.Unicode.Preamble, .. System.Text.Encoding.Unicode.GetBytes(rows)]);
        var run = await Import(path);
        Refused(run, "transitions.csv line 1 is UTF-16, not UTF-8");
        var problems = System.Text.Json.JsonDocument.Parse(run.Out + run.Error).RootElement.GetProperty("errors").GetProperty("file");
        Assert.Equal(["transitions.csv line 1 is UTF-16, not UTF-8: it begins with UTF-16's byte-order mark (FF FE), as Notepad's \"Unicode\" and " +
            "Windows PowerShell 5's '>' write. Save it as UTF-8 (iconv -f UTF-16 -t UTF-8; in PowerShell, Out-File -Encoding utf8)."], problems.EnumerateArray().Select(p => p.GetString()));
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n\n")]
    public async Task A_file_of_its_header_alone_is_refused_as_holding_nothing_to_import(string after)
    {
        // The real dataset's first line alone (head -n 1 transitions.csv). Before: exit 0, "0 rows: 0 recorded, …", and the file
        // named "a transitions.csv that is not version 0.1 (its rows' SHA-256 begins e3b0c44298fc1c14)", the hash of nothing.
        var path = _folder.File("transitions.csv");
        var real = await File.ReadAllLinesAsync(Path.Combine(SharedData.Folder("us-missions"), "transitions.csv"));
        await File.WriteAllTextAsync(path, real[0] + "\n" + after);
        Refused(await Import(path), "transitions.csv has a header row and no row after it: there is nothing to import.");
    }

    [Theory]
    [InlineData("France,Legation,1801,12,6,2023-12-06,a \"quoted\" word", "line 2, field 7: a quote inside a field that does not start with one")]
    [InlineData("France,Legation,1801,12,6,2023-12-06,\"closed\" on", "line 2, field 7: the field goes on after its closing quote")]
    [InlineData("Fr\"ance,Legation,1801,12,6,2023-12-06,", "line 2, field 1: a quote inside a field that does not start with one")]
    public async Task A_quote_where_RFC_4180_has_none_is_named_by_line_and_field(string row, string expected)
    {
        // Before: the quotes were dropped ('a quoted word', 'closed on' recorded as the row's note); a quote inside a name
        // swallowed the rest of the file and was named as "ends inside a quoted field … (a truncated file?)".
        Refused(await Import(await CsvAsync(Row(row))), expected);
    }

    [Fact]
    public async Task A_note_with_a_character_a_source_may_not_hold_is_named_by_line_and_field_before_anything_is_recorded()
    {
        // Before: the rows before it were recorded (here France 1801), and the import then stopped with exit code 2 and
        // "Invalid input; nothing was recorded: sources[0].reference: 'reference' contains an unprintable character (U+001B
        // at position 75)": neither the file's line nor its field named, and an event recorded that it said was not.
        var path = await CsvAsync(Row("France,Legation,1801,12,6,2023-12-06,"), Row("France,Embassy,1893,4,8,2023-12-06,note \u001b[31m red"));
        Refused(await Import(path), "transitions.csv line 3, field 'notes': U+001B at position 6 is not printable; a note may hold printable characters and spaces only (it is recorded in the event's source).");
    }

    [Fact]
    public async Task A_row_dated_after_today_is_named_by_line_before_anything_is_recorded()
    {
        // Before: France 1801 was recorded, and the import then stopped with exit code 2 and "Invalid input; nothing was
        // recorded: effectiveDate: 'effectiveDate' 2999-04-08 is in the future." — no line, and an event recorded that it said was not.
        var path = await CsvAsync(Row("France,Legation,1801,12,6,2023-12-06,"), Row("France,Embassy,2999,4,8,2023-12-06,"));
        Refused(await Import(path), "transitions.csv line 3 (France 2999-04-08), effectiveDate: 'effectiveDate' 2999-04-08 is in the future");
    }

    [Fact]
    public async Task A_long_note_of_characters_beyond_the_BMP_is_recorded_cut_whole()
    {
        // A note longer than a source's reference is cut to fit. Before: the cut could fall between the two halves of a
        // character beyond the BMP (an emoji), and the row was refused half-way through the import ("'reference' contains
        // an unprintable character (U+D83D …)"), the rows before it recorded. One of the rows below puts the cut there (their names differ in length by one).
        var emoji = string.Concat(Enumerable.Repeat("\U0001F30D", 150));
        var path = await CsvAsync(Row($"France,Legation,1801,12,6,2023-12-06,{emoji}"), Row($"Spain,Legation,1801,12,6,2023-12-06,{emoji}"));

        var run = await Import(path);

        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}: {run.Out}{run.Error}");
        Assert.Contains("\"recorded\": 2", run.Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("state_dept_name,status_change,year,month,day,last_verified,notes,year", ",1999", "'year' (columns 3 and 8)")]
    [InlineData("state_dept_name,status_change,year,month,day,last_verified,notes,extra,extra", ",a,b", "'extra' (columns 8 and 9)")]
    public async Task A_header_that_names_a_column_twice_is_refused_naming_it(string header, string rowTail, string named)
    {
        // Found by the round-54 hostile pass: a header giving 'year' twice (a column pasted twice) ended the import with
        // "unexpected error: ArgumentException: An item with the same key has already been added. Key: year … This is a bug",
        // exit 1 — which of the two a row's year is was never asked.
        var path = _folder.File("transitions.csv");
        await File.WriteAllTextAsync(path, $"{header}\nFrance,Legation,1801,12,6,2023-12-06,{rowTail}\n");
        var run = await Import(path);
        Refused(run, $"transitions.csv names the column {named} twice");
        Assert.DoesNotContain("bug", run.Out + run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_directory_is_named_as_one()
    {
        // Before: "--file: … does not exist."
        Refused(await Import(_folder.Path), $"--file '{_folder.Path}' is a directory; name the dataset's transitions.csv.");
    }

    [SkippableFact]
    public async Task A_file_whose_reading_fails_is_named_with_why()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "/proc/self/mem is Linux's");
        // Before: exit 1, "unexpected error: IOException: Input/output error : '/proc/self/mem' This is a bug".
        var run = await Import("/proc/self/mem");
        Refused(run, "--file '/proc/self/mem' cannot be read: Input/output error.");
        Assert.DoesNotContain("bug", run.Out + run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_larger_than_any_dataset_is_refused_unread()
    {
        // Before: read whole whatever its size — /dev/zero until memory ran out, as one field of NULs.
        var path = _folder.File("huge.csv");
        await using (var huge = File.Create(path)) huge.SetLength(RelationsLedger.Import.UsMissions.UsMissionsImport.MaxFileBytes + 1);
        Refused(await Import(path), $"--file '{path}': larger than {RelationsLedger.Import.UsMissions.UsMissionsImport.MaxFileBytes:N0} bytes");
    }

    [Fact]
    public async Task Every_line_that_is_not_UTF_8_is_named()
    {
        // Before: only line 3 was named; a file saved in Latin-1 took one run per line to find out how much to fix.
        var path = await CsvAsync(Row("France,Legation,1801,12,6,2023-12-06,"), [.. "France,Embassy,1893,4,8,2023-12-06,caf"u8, 0xE9, .. "\n"u8],
            Row("Chile,Legation,1823,1,27,2023-12-06,"), [.. "Chile,Embassy,1914,5,1,2023-12-06,Valpara"u8, 0xED, .. "so\n"u8]);
        var run = await Import(path);
        Refused(run, "transitions.csv line 3 is not UTF-8: the bytes E9");
        Assert.Contains("transitions.csv line 5 is not UTF-8: the bytes ED", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_row_that_cannot_be_read_is_named_with_its_field()
    {
        // Before: the first (line 2) alone, so a file with three mistakes took three runs to mend.
        var run = await Import(await CsvAsync(
            Row("Narnia,Legation,1801,12,6,2023-12-06,"),
            Row("France,Legation,1801,12,6,2023-12-06,"),
            Row("France,Embassey,1893,4,8,2023-12-06,"),
            Row("Chile,Legation,18x3,1,27,2023-12-06,"),
            Row("Chile,Embassy,1914,13,1,2023-12-06,")));
        Refused(run, "transitions.csv line 2, field 'state_dept_name': 'Narnia' has no party id in party-ids.csv.");
        Assert.Contains("transitions.csv line 4, field 'status_change': 'Embassey' is not one of", run.Error, StringComparison.Ordinal);
        Assert.Contains("transitions.csv line 5, field 'year': '18x3' is not a number.", run.Error, StringComparison.Ordinal);
        Assert.Contains("transitions.csv line 6, field 'year/month/day'", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("line 3", run.Error, StringComparison.Ordinal);
        // For a program: the same, one entry per problem under the option's request field.
        using var json = System.Text.Json.JsonDocument.Parse(run.Error);
        Assert.Equal(4, json.RootElement.GetProperty("errors").GetProperty("file").GetArrayLength());
    }

    [Fact]
    public async Task A_row_of_another_width_is_named_and_the_rows_after_it_are_read()
    {
        // Before: the unquoted comma of line 2 alone; line 3's unknown name took a second run.
        var run = await Import(await CsvAsync(Row("France,Legation,1801,12,6,2023-12-06,Paris, then Versailles"), Row("Narnia,Legation,1801,12,6,2023-12-06,")));
        Refused(run, "transitions.csv line 2 has 8 fields where the header has 7");
        Assert.Contains("transitions.csv line 3, field 'state_dept_name': 'Narnia' has no party id", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_broken_quote_after_bad_rows_is_named_with_them()
    {
        // The reader cannot go on after a quote out of place (where its fields end is lost), but what it read before counts.
        var run = await Import(await CsvAsync(Row("Narnia,Legation,1801,12,6,2023-12-06,"), Row("Fr\"ance,Legation,1801,12,6,2023-12-06,")));
        Refused(run, "transitions.csv line 2, field 'state_dept_name': 'Narnia' has no party id");
        Assert.Contains("line 3, field 1: a quote inside a field that does not start with one", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Checking_stops_after_a_hundred_problems_and_says_so()
    {
        var path = await CsvAsync([.. Enumerable.Range(0, 150).SelectMany(_ => Row("Narnia,Legation,1801,12,6,2023-12-06,"))]);
        var run = await Import(path);
        Refused(run, "line 101, field 'state_dept_name'");
        Assert.DoesNotContain("line 102,", run.Error, StringComparison.Ordinal);
        Assert.Contains("checking stopped after 100 problems", run.Error, StringComparison.Ordinal);
    }
}
