using System.Text.Json;

namespace RelationsLedger.Cli.Tests;

/// <summary>
/// A refused value is quoted in its message, but a long one only by its start, its end and its length. Before, a
/// 131,000-character <c>--as-of</c> was echoed whole to standard error (and twice more in <c>--json</c>'s message and
/// errors), as was an unknown argument, a <c>--set</c> pair or a <c>--source</c> text of any length.
/// </summary>
public sealed class LongValuesInMessagesTests : IDisposable
{
    private const int Long = 100_000;
    private readonly TempFolder _folder = new();
    private string Store => _folder.File("ledger.db");

    private Task<CliResult> Ledger(params string[] args) => LedgerCli.RunAsync(["--store", Store, .. args]);

    private static readonly string Junk = "2024-01-0" + new string('7', Long - 9);

    public static TheoryData<string[]> LongValues => new()
    {
        { ["state", "RU", "taliban", "--as-of", Junk] },
        { ["state", "RU", "taliban", "--as-of", "2024-01-01", "--known-at", Junk] },
        { ["state", "RU", "taliban", Junk] },
        { ["designations-by", "US", "--as-of", "2024-01-01", "--format", Junk] },
        { ["panel", "--from", "2024", "--to", "2024", "--every", Junk] },
        { ["panel", "--from", "2024", "--to", "2024", "--every", "year", "--on", Junk] },
        { ["history", "RU", "taliban", "--correlation-id", Junk] },
        { ["record", "make-statement", "--actor", "RU", "--counterpart", "taliban", "--speaker", "P", "--stance", "ally", "--summary", "S",
            "--on", Junk, "--source", "publisher=P;title=T"] },
        { ["record", "make-statement", "--actor", "RU", "--counterpart", "taliban", "--speaker", "P", "--stance", "ally", "--summary", "S",
            "--on", "2024", "--source", Junk] },
        { ["record", "correct-entry", "--party-a", "RU", "--party-b", "taliban", "--target", Guid.NewGuid().ToString(), "--reason", "r",
            "--set", Junk, "--source", "publisher=P;title=T"] },
    };

    [Theory]
    [MemberData(nameof(LongValues))]
    public async Task A_long_value_is_quoted_by_its_start_and_length_not_whole(string[] line)
    {
        var run = await Ledger(line);

        Assert.Equal(2, run.ExitCode);
        Assert.True(run.Error.Length < 2_000, $"{run.Error.Length:N0} characters on standard error: {run.Error[..Math.Min(run.Error.Length, 400)]}");
        Assert.Contains("(100,000 characters)", run.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Store), "a refused command line writes nothing");
    }

    [Fact]
    public async Task For_a_program_the_message_and_the_errors_are_bounded_too()
    {
        var run = await Ledger("state", "RU", "taliban", "--as-of", Junk, "--json");

        Assert.Equal(2, run.ExitCode);
        Assert.True(run.Error.Length < 2_000, $"{run.Error.Length:N0} characters on standard error");
        var problem = JsonDocument.Parse(run.Error).RootElement;
        var error = problem.GetProperty("errors").GetProperty("asOf")[0].GetString()!;
        Assert.StartsWith("'asOf' must be a day of the form YYYY-MM-DD; '2024-01-0777", error, StringComparison.Ordinal);
        Assert.EndsWith("7777' (100,000 characters) is not.", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_long_digest_to_check_is_quoted_by_its_start_and_length()
    {
        Assert.Equal(0, (await Ledger("demo")).ExitCode);

        var run = await Ledger("verify", "--digest", Junk);

        Assert.Equal(2, run.ExitCode);
        Assert.True(run.Error.Length < 2_000, $"{run.Error.Length:N0} characters on standard error");
        Assert.Contains("(100,000 characters) is not a digest token", run.Error, StringComparison.Ordinal);
    }

    public void Dispose() => _folder.Dispose();
}
