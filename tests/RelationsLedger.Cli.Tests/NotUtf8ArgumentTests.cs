using System.Diagnostics;

namespace RelationsLedger.Cli.Tests;

/// <summary>
/// An argument whose bytes are not UTF-8 — 'café' typed in a Latin-1 terminal, byte E9 — was read by .NET as 'caf\uFFFD' and
/// recorded so, exit code 0, text no one typed; the HTTP API refuses a body that is not UTF-8 and <c>record-batch</c> names such
/// lines of its file. Real processes: only the kernel's copy of the command line still holds the bytes.
/// </summary>
public sealed class NotUtf8ArgumentTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private string Store => _folder.File("ledger.db");

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task An_argument_that_is_not_UTF_8_is_named_by_its_option_and_nothing_is_recorded()
    {
        // Process.Start passes its arguments as UTF-8, so a shell's printf writes the byte E9 itself.
        var start = new ProcessStartInfo("/bin/sh") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("""exec dotnet "$0" --store "$1" record impose-designation --actor RU --counterpart taliban --list "$(printf 'caf\351')" --authority A --on 2003 --source 'publisher=P;title=T'""");
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "ledger.dll"));
        start.ArgumentList.Add(Store);
        start.Environment.Remove("RELATIONSLEDGER_STORE");
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);

        Assert.True(process.ExitCode == 2, $"exit {process.ExitCode}: {await output}{await error}");
        Assert.Contains("--list: 'caf\uFFFD' is not UTF-8: the bytes E9 do not decode as text (typed in a terminal, or written by a script, in another encoding?)",
            await error, StringComparison.Ordinal);
        Assert.False(File.Exists(Store), "a store was made");
    }

    [Fact]
    public async Task The_replacement_character_itself_typed_as_UTF_8_is_text_like_any_other()
    {
        var run = await LedgerCli.RunProcessAsync(_folder.Path, "--store", Store, "record", "impose-designation", "--actor", "RU", "--counterpart", "taliban",
            "--list", "caf\uFFFD", "--authority", "A", "--on", "2003", "--source", "publisher=P;title=T");
        Assert.True(run.ExitCode == 0, run.Error);
    }
}
