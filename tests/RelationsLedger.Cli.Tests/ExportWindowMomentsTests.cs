using System.Globalization;
using System.Text.Json;

namespace RelationsLedger.Cli.Tests;

/// <summary>
/// <c>ledger export --from/--to</c> read a moment as <c>--known-at</c> and the HTTP API's <c>knownAt</c> do: without an offset
/// it is UTC, whatever the machine's time zone, and only ISO 8601's extended form is read. Before, the parser's own reading
/// took <c>2026-12-03T20:31:57</c> in the machine's zone (an export "from" a recorded-at copied from <c>history</c> left out
/// the event on a machine in New York, and a window's end cut events recorded hours before it on one in Tokyo), and read
/// <c>01/02/2025</c> (as 2 January), <c>Dec 3 2026</c> and a space for the <c>T</c>, which every other door refuses.
/// </summary>
public sealed class ExportWindowMomentsTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private string Store => _folder.File("ledger.db");

    private async Task<DateTimeOffset> RecordOneAsync()
    {
        var record = await LedgerCli.RunAsync("--store", Store, "record", "impose-designation", "--actor", "RU", "--counterpart", "taliban",
            "--list", "L", "--authority", "A", "--on", "2003-02-14", "--source", "publisher=Reuters;title=Court ruling");
        Assert.True(record.ExitCode == 0, record.Error);
        var history = await LedgerCli.RunAsync("--store", Store, "history", "RU", "taliban", "--json");
        return JsonDocument.Parse(history.Out).RootElement[0].GetProperty("recordedAt").GetDateTimeOffset();
    }

    /// <summary>A moment in UTC written without its offset, to the tick, as an analyst copies it without the Z.</summary>
    private static string WithoutOffset(DateTimeOffset moment) =>
        moment.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff", CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("America/New_York", "--from", 0)]   // read as local: five hours after the event, which was left out
    [InlineData("Asia/Tokyo", "--to", 1)]           // read as local: nine hours before the event, which was left out
    public async Task A_moment_without_an_offset_is_UTC_whatever_the_machines_time_zone(string zone, string bound, long ticksAfter)
    {
        var recordedAt = await RecordOneAsync();
        var moment = WithoutOffset(recordedAt.AddTicks(ticksAfter));

        var export = await LedgerCli.RunProcessAsync(_folder.Path, new Dictionary<string, string?> { ["TZ"] = zone }, "--store", Store, "export", bound, moment);
        var asKnown = await LedgerCli.RunProcessAsync(_folder.Path, new Dictionary<string, string?> { ["TZ"] = zone },
            "--store", Store, "state", "RU", "taliban", "--as-of", "2024-01-01", "--known-at", WithoutOffset(recordedAt), "--json");

        Assert.True(export.ExitCode == 0, export.Error);
        Assert.True(asKnown.ExitCode == 0, asKnown.Error);
        Assert.Single(JsonDocument.Parse(asKnown.Out).RootElement.GetProperty("designations").EnumerateArray());
        var line = Assert.Single(ExportText.EventLines(export.Out));
        Assert.Equal(recordedAt, JsonDocument.Parse(line).RootElement.GetProperty("recordedAt").GetDateTimeOffset());
    }

    /// <summary>
    /// A bound finer than the ledger's clock (nine digits, as <c>date +%N</c> writes them) lies between two ticks: the window
    /// <c>from ≤ recorded at &lt; to</c> holds of the recorded times it holds of, so it reads as the next tick. Cut, as
    /// <c>--known-at</c> is (right there: known at ≥ recorded at), a <c>--to</c> a fraction of a tick after an event left the
    /// event out, and such a <c>--from</c> took it in.
    /// </summary>
    [Theory]
    [InlineData("--to", "1", 1)]      // the event is before it: in the window
    [InlineData("--to", "00", 0)]     // the very tick, in more digits: not before it
    [InlineData("--from", "1", 0)]    // the event is before it: not in the window
    [InlineData("--from", "00", 1)]   // the very tick: from ≤ recorded at
    public async Task A_bound_between_two_ticks_holds_of_the_events_recorded_on_either_side_as_written(string bound, string finerDigits, int exported)
    {
        var recordedAt = await RecordOneAsync();

        var export = await LedgerCli.RunAsync("--store", Store, "export", bound, WithoutOffset(recordedAt) + finerDigits + "Z");

        Assert.True(export.ExitCode == 0, export.Error);
        Assert.Equal(exported, ExportText.EventLines(export.Out).Count);
    }

    [Theory]
    [InlineData("--from", "01/02/2025")]
    [InlineData("--from", "Dec 3 2026")]
    [InlineData("--to", "2025-01-01 00:00")]
    public async Task A_moment_that_known_at_refuses_is_refused_naming_the_option(string bound, string text)
    {
        await RecordOneAsync();

        var export = await LedgerCli.RunAsync("--store", Store, "export", bound, text);
        var knownAt = await LedgerCli.RunAsync("--store", Store, "state", "RU", "taliban", "--known-at", text);

        Assert.Equal(2, knownAt.ExitCode);
        Assert.Equal(2, export.ExitCode);
        Assert.Equal("", export.Out);
        Assert.Contains($"{bound}: '{bound}' must be a moment in ISO 8601 (YYYY-MM-DD, or YYYY-MM-DDThh:mm[:ss[.fffffff]] with Z or ±hh:mm; " +
            $"without one, UTC), e.g. 2025-04-17T12:00:00Z; '{text}' is not.", export.Error, StringComparison.Ordinal);
    }

    /// <summary>
    /// A comma before the fraction, and a leap second, are refused by every option that reads a moment alike, saying what is
    /// wrong and how to write it. Before, the comma was read (<c>--known-at</c> and <c>--from</c>/<c>--to</c> alike, though one
    /// form is documented) and the leap second was "must be a moment in ISO 8601 …".
    /// </summary>
    [Theory]
    [InlineData("2025-01-01T00:00:00,5Z", "'2025-01-01T00:00:00,5Z' writes its fraction of a second after a comma; the ledger reads a moment in one " +
        "form, with a point there, as it writes every moment: write 2025-01-01T00:00:00.5Z.")]
    [InlineData("2016-12-31T23:59:60Z", "'2016-12-31T23:59:60Z' is a leap second (second 60), which cannot be given: the ledger's times are UTC " +
        "without leap seconds, as its clock's are. Write 2016-12-31T23:59:59Z or the next minute, 2017-01-01T00:00:00Z.")]
    public async Task A_comma_before_the_fraction_or_a_leap_second_is_refused_alike_by_every_moment_option(string text, string says)
    {
        await RecordOneAsync();

        var from = await LedgerCli.RunAsync("--store", Store, "export", "--from", text);
        var to = await LedgerCli.RunAsync("--store", Store, "export", "--to", text);
        var knownAt = await LedgerCli.RunAsync("--store", Store, "state", "RU", "taliban", "--known-at", text);

        foreach (var (run, option) in new[] { (from, "--from"), (to, "--to"), (knownAt, "--known-at") })
        {
            Assert.Equal(2, run.ExitCode);
            Assert.Equal("", run.Out);
            Assert.Contains($"{option}: '{option}': {says}", run.Error, StringComparison.Ordinal);
        }
    }

    public void Dispose() => _folder.Dispose();
}
