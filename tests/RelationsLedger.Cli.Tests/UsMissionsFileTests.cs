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
}
