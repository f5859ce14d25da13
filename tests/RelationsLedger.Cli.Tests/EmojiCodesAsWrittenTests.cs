namespace RelationsLedger.Cli.Tests;

/// <summary>
/// Text is shown as it was recorded. Spectre.Console's markup turns <c>:name:</c> into an emoji wherever it knows the name, so
/// before round 59 a list named "SDN :thumbs_up: list" was shown in the state and history tables as "SDN 👍 list", and a
/// source titled ":flag_ua: news" as "🇺🇦 news" (found by round 59's table fuzz); <c>--json</c> always kept the text.
/// </summary>
public sealed class EmojiCodesAsWrittenTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private string Store => _folder.File("ledger.db");

    private Task<CliResult> Ledger(params string[] args) => LedgerCli.RunAsync(["--store", Store, .. args]);

    [Fact]
    public async Task Emoji_codes_in_recorded_text_are_shown_as_written_in_every_table()
    {
        var recorded = await Ledger("record", "impose-designation", "--actor", "US", "--counterpart", "isis-k", "--list", "SDN :thumbs_up: list",
            "--authority", "EO 13224 :smile:", "--on", "2021-01-12", "--recorded-by", "analyst :ghost:", "--source", "publisher=Wire :tada:;title=:flag_ua: news");
        Assert.True(recorded.ExitCode == 0, recorded.Error);

        foreach (var question in new[] { "state US isis-k --as-of 2022-01-01", "history US isis-k", "audit US isis-k", "designations-by US --as-of 2022-01-01" })
        {
            var run = await Ledger(question.Split(' '));
            Assert.True(run.ExitCode == 0, run.Error);
            Assert.Contains(":thumbs_up:", run.Out, StringComparison.Ordinal);
            foreach (var emoji in new[] { "👍", "😄", "👻", "🎉", "🇺🇦" })
                Assert.DoesNotContain(emoji, run.Out, StringComparison.Ordinal);
        }
        var history = await Ledger("history", "US", "isis-k");
        foreach (var written in new[] { "EO 13224 :smile:", ":flag_ua: news", "Wire :tada:", "analyst :ghost:" })
            Assert.Contains(written, history.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Text_with_colons_but_no_emoji_code_is_drawn_as_before()
    {
        var recorded = await Ledger("record", "impose-designation", "--actor", "US", "--counterpart", "isis-k", "--list", "SDN: list 12:30:00 :not_an_emoji_name:",
            "--authority", "EO", "--on", "2021-01-12", "--source", "publisher=Wire;title=T");
        Assert.True(recorded.ExitCode == 0, recorded.Error);
        var state = await Ledger("state", "US", "isis-k", "--as-of", "2022-01-01");
        Assert.True(state.ExitCode == 0, state.Error);
        Assert.Contains("SDN: list 12:30:00 :not_an_emoji_name:", state.Out, StringComparison.Ordinal);
    }

    public void Dispose() => _folder.Dispose();
}
