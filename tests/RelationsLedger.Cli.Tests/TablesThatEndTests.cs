using System.Globalization;
using Spectre.Console;

namespace RelationsLedger.Cli.Tests;

/// <summary>
/// Every table the CLI draws ends, whatever its cells and the terminal's width. Before round 59, a table whose columns had
/// to be narrowed (COLUMNS=72…76 for <c>ledger state</c> of a relationship with a designation on a list named in Chinese)
/// gave a wrapped column one cell, and Spectre.Console's fold of a character two cells wide (CJK, an emoji) into one cell
/// never ended: the command spun for ever, deaf to Ctrl+C (docs/performance.md, round 59). Each command runs as the user
/// runs it — a process with COLUMNS set, or on a terminal of a width — and is given up if it has not ended within
/// <see cref="EndsWithin"/>: a guard against a drawing that never ends, never a verdict on speed.
/// </summary>
public sealed class TablesThatEndTests : IDisposable
{
    private static readonly TimeSpan EndsWithin = TimeSpan.FromSeconds(90);
    private readonly TempFolder _folder = new();
    private string Store => _folder.File("ledger.db");

    private Task RecordWideCharactersAsync() => RecordWideCharactersAsync(Store);

    /// <summary>Relationships whose names, lists, authorities, sources and recorders are CJK, Cyrillic and emoji.</summary>
    internal static async Task RecordWideCharactersAsync(string store)
    {
        string[][] commands =
        [
            ["impose-designation", "--actor", "CN", "--counterpart", "JP", "--list", "联合国安理会制裁名单", "--authority", "外交部 👍🏽", "--on", "2003-02-14",
                "--source", "publisher=新华社;title=中国外交部声明 🇨🇳;published=2003-02"],
            ["open-mission", "--actor", "CN", "--counterpart", "JP", "--level", "embassy", "--city", "東京", "--on", "1972-09-29", "--source", "publisher=人民日报;title=建交 🎉"],
            ["accredit-ambassador", "--sending", "CN", "--receiving", "JP", "--person", "王毅 Ван И", "--on", "2001-01-01", "--recorded-by", "記者 👩‍💻",
                "--source", "publisher=Агентство;title=任命 ✅"],
            ["remove-designation", "--actor", "CN", "--counterpart", "JP", "--list", "联合国安理会制裁名单", "--authority", "外交部 👍🏽", "--on", "2019-11-10",
                "--source", "publisher=新华社;title=撤销 🇨🇳"],
            ["impose-designation", "--actor", "RU", "--counterpart", "JP", "--list", "Федеральный список 日本", "--authority", "Верховный суд", "--on", "2020-03-01",
                "--recorded-by", "оператор", "--source", "publisher=ТАСС;title=Решение суда"],
        ];
        foreach (var command in commands)
        {
            var run = await LedgerCli.RunAsync(["--store", store, "record", .. command]);
            Assert.True(run.ExitCode == 0, run.Error);
        }
    }

    /// <summary>
    /// A width at which each table hung before, on this ledger (every width 1–200 drawn, docs/performance.md round 59): at 40 or
    /// more as COLUMNS sets it; below 40, which the CLI does not take from COLUMNS, as a terminal that narrow gives it.
    /// </summary>
    public static TheoryData<string, int> HungBefore => new()
    {
        { "state CN JP --as-of 2024-01-01", 74 },          // hung at 72–76
        { "history CN JP", 101 },                          // 99–104
        { "audit CN JP", 46 },                             // 44–49
        { "designations-by CN --as-of 2010-01-01", 24 },   // 22–27
        { "designations-of JP --as-of 2024-01-01", 24 },   // 22–27
        { "missions-of CN --as-of 2024-01-01", 24 },       // 22–27
    };

    [Theory]
    [MemberData(nameof(HungBefore))]
    public async Task A_table_of_wide_characters_that_must_be_narrowed_ends(string command, int width)
    {
        await RecordWideCharactersAsync();
        string[] args = ["--store", Store, .. command.Split(' ')];

        var run = width >= 40 ? await RunWithColumnsAsync(_folder.Path, width, args) : await RunOnTerminalAsync(width, args);

        Assert.True(run.ExitCode == 0, run.Error);
        // The whole answer: at these widths the table would have cut a character to '…' (round 59), so since round 60 its rows
        // are written a field a line (TablesShowEveryFieldTests holds every field); a table would be drawn to its bottom border.
        Assert.True(run.Out.Contains('└', StringComparison.Ordinal) || run.Out.Contains("\nEvent", StringComparison.Ordinal), run.Out);
    }

    /// <summary>The built <c>ledger</c> with COLUMNS=<paramref name="columns"/>, killed if it has not ended within <see cref="EndsWithin"/>.</summary>
    internal static async Task<CliResult> RunWithColumnsAsync(string folder, int columns, string[] args)
    {
        using var process = LedgerCli.Start(folder, new Dictionary<string, string?> { ["COLUMNS"] = columns.ToString(CultureInfo.InvariantCulture) }, args);
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(EndsWithin);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            process.Kill(entireProcessTree: true); // SIGTERM is not enough: a drawing that never ends does not stop at the signal
            Assert.Fail($"COLUMNS={columns} ledger {string.Join(' ', args)} had not ended after {EndsWithin}: its table never finished; killed");
        }
        return new(process.ExitCode, await output, await error);
    }

    /// <summary>
    /// <c>ledger</c> in-process with a console <paramref name="width"/> columns wide, as a terminal that wide makes it. A drawing
    /// that never ends cannot be stopped in-process: the test fails after <see cref="EndsWithin"/> and leaves its thread spinning.
    /// </summary>
    internal static async Task<CliResult> RunOnTerminalAsync(int width, string[] args)
    {
        var (output, error) = (new StringWriter(), new StringWriter());
        var run = Task.Run(() => LedgerApp.RunAsync(args, () =>
        {
            var console = AnsiConsole.Create(new AnsiConsoleSettings
            {
                Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors, Out = new AnsiConsoleOutput(output), Interactive = InteractionSupport.No,
            });
            console.Profile.Width = width;
            return console;
        }, output, error));
        Assert.True(await Task.WhenAny(run, Task.Delay(EndsWithin)) == run, $"ledger {string.Join(' ', args)} on a terminal {width} columns wide had not ended after {EndsWithin}: its table never finished");
        return new(await run, output.ToString(), error.ToString());
    }

    public void Dispose() => _folder.Dispose();
}
