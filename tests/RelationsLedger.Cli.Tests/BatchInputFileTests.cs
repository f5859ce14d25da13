using System.Diagnostics;
using RelationsLedger.Application.Commands.Batch;

namespace RelationsLedger.Cli.Tests;

/// <summary>
/// What <c>ledger record-batch FILE</c> says of a FILE it cannot take as a batch, read as <c>import</c> and <c>verify --file</c>
/// read theirs (InputFile): exit code 2, the file named as given and why, nothing recorded — and never more of it read than a
/// batch may hold, whatever the file system says of its length.
/// </summary>
public sealed class BatchInputFileTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private string Store => _folder.File("ledger.db");

    public void Dispose() => _folder.Dispose();

    private Task<CliResult> RecordBatch(string path) => LedgerCli.RunAsync("--store", Store, "record-batch", path);

    [SkippableFact]
    public async Task A_file_of_no_length_is_read_only_up_to_the_limit()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "a FIFO made with mkfifo");
        // A FIFO (like /dev/zero, or a file still growing) says its length is 0. Before: the length was checked, then the
        // whole file read into memory — /dev/zero until the process ran out of it; here all 64 MiB the writer offers.
        var fifo = _folder.File("batch.fifo");
        using (var mkfifo = Process.Start("mkfifo", [fifo])) await mkfifo.WaitForExitAsync();
        const int offered = 64 << 20;
        var written = 0L;
        var writer = Task.Run(() =>
        {
            using var output = new FileStream(fifo, FileMode.Open, FileAccess.Write);
            var spaces = new byte[1 << 16];
            Array.Fill(spaces, (byte)' ');
            try
            {
                while (written < offered)
                {
                    output.Write(spaces);
                    written += spaces.Length;
                }
            }
            catch (IOException) { } // the reader closed the FIFO: a broken pipe
        });

        var run = await RecordBatch(fifo);
        await writer.WaitAsync(TimeSpan.FromMinutes(1));
        Assert.True(run.ExitCode == 2, $"exit {run.ExitCode}: {run.Error}");
        Assert.Contains($"file '{fifo}': the batch is larger than {BatchLimits.MaxBytes:N0} bytes", run.Error, StringComparison.Ordinal);
        Assert.True(written < 4 * BatchLimits.MaxBytes, $"{written:N0} bytes were read from the FIFO; a batch has at most {BatchLimits.MaxBytes:N0}");
        Assert.False(File.Exists(Store));
    }

    [SkippableFact]
    public async Task A_file_whose_reading_fails_is_named_with_why_in_the_words_of_import()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "/proc/self/mem is Linux's");
        // Before: "cannot read /proc/self/mem: Input/output error : '/proc/self/mem'" (.NET's words, the path twice).
        var run = await RecordBatch("/proc/self/mem");
        Assert.True(run.ExitCode == 2, $"exit {run.ExitCode}: {run.Error}");
        Assert.Contains("file '/proc/self/mem' cannot be read: Input/output error.", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(" : '", run.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Store));
    }

    [Fact]
    public async Task A_directory_a_missing_file_and_a_link_to_none_are_named_as_such()
    {
        // Before: a link to no file was "cannot read …: Could not find file '…'" (.NET's words); a folder and a missing file
        // had words of their own beside import's ("… is a folder", "there is no file …").
        var folder = await RecordBatch(_folder.Path);
        Assert.Equal(2, folder.ExitCode);
        Assert.Contains($"file '{_folder.Path}' is a directory; name a batch file (or - for standard input).", folder.Error, StringComparison.Ordinal);
        var missing = await RecordBatch(_folder.File("nope.ndjson"));
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains($"file '{_folder.File("nope.ndjson")}' does not exist; name a batch file (or - for standard input).", missing.Error, StringComparison.Ordinal);
        var link = _folder.File("link.ndjson");
        File.CreateSymbolicLink(link, _folder.File("gone.ndjson"));
        var dangling = await RecordBatch(link);
        Assert.Equal(2, dangling.ExitCode);
        Assert.Contains($"file '{link}' does not exist; name a batch file (or - for standard input).", dangling.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Store));
    }

    private const string Command = """{"command": "make-statement", "actor": "FR", "counterpart": "DE", "speaker": "A. Minister", "stance": "ally", "summary": "Friends.", "effectiveDate": "2020", "recordedBy": "analyst", "sources": [{"publisher": "AFP", "title": "Friends"}]}""";

    [Theory]
    [InlineData(new byte[] { 0xE9 }, "line 2: is not UTF-8: the bytes E9 do not decode as text")]             // Latin-1 'é' in a summary
    [InlineData(new byte[] { 0xE2, 0x80 }, "line 2: is not UTF-8: the bytes E2 80 do not decode as text")]     // '…' cut after two of its three bytes
    public async Task A_batch_that_is_not_UTF_8_is_named_by_its_line_and_bytes(byte[] bytes, string expected)
    {
        // Before: "line 2.summary: 'summary' cannot be read as text: it is not valid Unicode (an escaped half of a surrogate
        // pair?)" — a JSON escape the file does not have; the file cut inside a character: "it is not valid JSON".
        var text = System.Text.Encoding.UTF8.GetBytes(Command + "\n" + Command.Replace("Friends.", "Amis", StringComparison.Ordinal));
        var at = text.AsSpan().LastIndexOf("Amis"u8) + 4;
        var path = _folder.File("batch.ndjson");
        await File.WriteAllBytesAsync(path, [.. text[..at], .. bytes, .. text[at..]]);
        var run = await RecordBatch(path);
        Assert.True(run.ExitCode == 2, $"exit {run.ExitCode}: {run.Error}");
        Assert.Contains(expected + " (a file cut inside a character, or written in another encoding)", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("surrogate", run.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Store));
    }

    [Fact]
    public async Task A_batch_saved_as_UTF_16_is_named_once_as_such()
    {
        // Before, each line was named: "line 1: is not UTF-8: the bytes FF do not decode as text (a file cut inside a character, or
        // written in another encoding)." and, had it passed, JSON with a NUL after every character.
        var path = _folder.File("batch.ndjson");
        await File.WriteAllBytesAsync(path, [.. System.Text.Encoding.Unicode.Preamble, .. System.Text.Encoding.Unicode.GetBytes(Command + "\r\n" + Command + "\r\n")]);
        var run = await RecordBatch(path);
        Assert.True(run.ExitCode == 2, $"exit {run.ExitCode}: {run.Error}");
        Assert.Equal(["Invalid input; nothing was recorded:", "  line 1: is UTF-16, not UTF-8: it begins with UTF-16's byte-order mark (FF FE), as Notepad's \"Unicode\" and " +
            "Windows PowerShell 5's '>' write. Save it as UTF-8 (iconv -f UTF-16 -t UTF-8; in PowerShell, Out-File -Encoding utf8)."], run.Error.TrimEnd().Split('\n'));
        Assert.False(File.Exists(Store));
    }

    [Fact]
    public async Task A_store_given_as_the_batch_is_named_as_such()
    {
        // Before: "line 1: is not UTF-8: the bytes 95 do not decode as text (…)", "line 5: … the bytes 83 …", and on.
        var batch = _folder.File("batch.ndjson");
        await File.WriteAllTextAsync(batch, Command + "\n");
        var recorded = await RecordBatch(batch);
        Assert.True(recorded.ExitCode == 0, recorded.Error);
        var before = await File.ReadAllBytesAsync(Store);
        var run = await RecordBatch(Store);
        Assert.True(run.ExitCode == 2, $"exit {run.ExitCode}: {run.Error}");
        Assert.Equal(["Invalid input; nothing was recorded:", "  line 1: is a SQLite database (a ledger's store?), not text: name the text file itself; " +
            "a store's events are copied by exporting them (ledger --store FILE export -o EXPORT.ndjson)."], run.Error.TrimEnd().Split('\n'));
        Assert.Equal(before, await File.ReadAllBytesAsync(Store));
    }

    [Fact]
    public async Task Every_line_of_a_batch_that_is_not_UTF_8_is_named()
    {
        // Before: only line 2 was named, and a batch written in Latin-1 was fixed one line per run.
        var latin1 = System.Text.Encoding.Latin1.GetBytes(Command.Replace("Friends.", "Amitié.", StringComparison.Ordinal));
        var utf8 = System.Text.Encoding.UTF8.GetBytes(Command);
        var path = _folder.File("batch.ndjson");
        await File.WriteAllBytesAsync(path, [.. utf8, (byte)'\n', .. latin1, (byte)'\n', .. utf8, (byte)'\n', .. latin1, (byte)'\n', .. latin1]);

        var run = await RecordBatch(path);

        Assert.True(run.ExitCode == 2, $"exit {run.ExitCode}: {run.Error}");
        foreach (var line in new[] { 2, 4, 5 }) Assert.Contains($"line {line}: is not UTF-8: the bytes E9 do not decode as text", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("line 1:", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("line 3:", run.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Store));
    }

    /// <summary>
    /// NDJSON whose lines each hold an array of commands: before, read as one array over several lines, it was refused as
    /// "batch: cannot be read: it is not valid JSON (line 2, byte 1).", which named neither the array nor what to do.
    /// </summary>
    [Fact]
    public async Task A_batch_file_whose_lines_hold_arrays_says_each_line_holds_an_array_where_a_command_is_expected()
    {
        var file = _folder.File("arrays.ndjson");
        await File.WriteAllTextAsync(file, $"[{Command}]\n[{Command.Replace("FR", "IT", StringComparison.Ordinal)}]\n");

        var run = await RecordBatch(file);

        Assert.Equal(2, run.ExitCode);
        foreach (var line in new[] { 1, 2 })
            Assert.Contains($"line {line}: a command must be a JSON object: {{\"command\": \"<name>\", …its fields}}; this is an array. NDJSON takes one command object per line: write each command on its own line, or give the whole batch as one JSON array.",
                run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("byte 1", run.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Store));
    }
}
