using System.Globalization;
using System.Text.RegularExpressions;
using RelationsLedger.Application.Commands.Recording;
using RelationsLedger.Application.Pipeline;
using RelationsLedger.Application.Serialization;
using RelationsLedger.Application.Storage;
using RelationsLedger.Domain.Time;

namespace RelationsLedger.Application.Queries;

public static partial class QueryRules
{
    /// <summary>Why <paramref name="value"/> is not a day: a message template (<c>{PropertyName}</c>, <c>{PropertyValue}</c>: the field's name and value).</summary>
    public static string NotADay(string? value) => value is { Length: 10 } && NoSuchDay(value) is { } why
        ? $"'{{PropertyName}}': '{{PropertyValue}}' is not a valid date: {why}."
        : "'{PropertyName}' must be a day of the form YYYY-MM-DD; '{PropertyValue}' is not.";

    /// <summary>
    /// Why a text that starts with a day's form (YYYY-MM-DD) names no day — <c>day 30 does not exist in 2024-02</c>, <c>month 13
    /// is out of range 1..12</c> — in the words a command's date is refused with; null when it is not of the form or is a day.
    /// Before, <c>--as-of 2024-02-30</c> was told it "must be a day of the form YYYY-MM-DD", which it is.
    /// </summary>
    /// <remarks>Only digits and the date's parts are said: a message's <c>{…}</c> placeholders stay the formatter's.</remarks>
    private static string? NoSuchDay(string? text) =>
        text is { Length: >= 10 } && !PartialDate.TryParse(text.AsSpan(0, 10), out _, out var invalid) ? invalid : null;

    public static bool TryParseDay(string? text, out DateOnly day) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day);

    /// <summary>
    /// A moment (for "as known at"): ISO 8601, e.g. 2025-04-17T12:00:00Z; without an offset it is taken as UTC. A fraction
    /// of a second finer than the ledger's clock (100 ns, seven digits) is cut, not rounded: .NET rounds it to the nearest
    /// tick, which made a moment nanoseconds before an event was recorded the very tick it was recorded at — and the
    /// answer one that knew the event.
    /// </summary>
    /// <remarks>
    /// Only ISO 8601's extended form is read (a day, or a day and a time with an optional offset): .NET's own reading
    /// of a moment is its invariant culture's, which took <c>01/02/2025</c> for 2 January (an analyst in most of the
    /// world means 1 February) and <c>Apr 17 2025</c> for a moment, and answered as known then without a word.
    /// </remarks>
    public static bool TryParseMoment(string? text, out DateTimeOffset moment)
    {
        moment = default;
        return text is not null && IsoMoment().IsMatch(text)
            && DateTimeOffset.TryParse(FinerThanTicks().Replace(text, ""), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out moment);
    }

    /// <summary>
    /// Whether <paramref name="text"/>, a moment <see cref="TryParseMoment"/> reads, is finer than a tick and not on one (a
    /// non-zero digit after the seventh of its fraction): it lies between the tick it was read as and the next.
    /// </summary>
    public static bool IsBetweenTicks(string text) => FinerThanTicks().Match(text) is { Success: true } finer && finer.Value.AsSpan().ContainsAnyExcept('0');

    /// <summary>
    /// "As known at" a moment still to come is refused. The ledger can answer only with what it has recorded, and what is
    /// recorded between now and then would change that answer: kept as "what the ledger knew at T", it would say less than
    /// the ledger knew at T. Now is this machine's clock, give or take <see cref="RecordedTimes.AheadOfClock"/>: the clock
    /// that stamps recorded-at may be another's (a KurrentDB server's), and a moment copied from its recorded-at must be
    /// asked about even when this clock is a little behind it — the same margin verify gives recorded times. Now is never
    /// earlier than the log's last recorded time (<see cref="LedgerNow"/>): a moment the ledger has recorded at has come,
    /// however far behind it this clock is.
    /// </summary>
    /// <remarks>
    /// A check of the question's validator (<see cref="OneRuleValidator{T}"/>), its failure filed under <c>knownAt</c> as the rule
    /// over the whole question filed it (rounds 34–63), with the message formatted alone.
    /// </remarks>
    public static void KnownAtNotToCome<T>(LedgerNow ledger, T question, OneRule<T> rule) where T : IKnownAtQuestion
    {
        if (question.KnownAt is not { } known) return;
        var clock = ledger.Clock();
        if (known - clock <= RecordedTimes.AheadOfClock) return;
        // Only now is the log asked: the clock alone would refuse, and it may be behind what the ledger has recorded.
        var last = ledger.LastRecordedAt();
        if (last > clock && known - last <= RecordedTimes.AheadOfClock) return;
        var now = last > clock
            ? $"{Moments.Text(last.Value)}, when the ledger recorded its last event; this machine's clock is behind it, at {Moments.Text(clock)}"
            : $"{Moments.Text(clock)} by this machine's clock";
        rule.Add(nameof(IKnownAtQuestion.KnownAt), $"'{KnownAtField}' {Moments.Text(known)} is still to come: it is later than now ({now}) by more than " +
            $"{RecordedTimes.AheadOfClock.TotalMinutes:0} minutes, the most the clocks of one ledger are taken to disagree. What the ledger will " +
            "know then is not known yet, and what is recorded before then would change the answer. Leave it out to ask as known now.");
    }

    /// <summary>The known-at moment's field, as the contract spells it.</summary>
    private static readonly string KnownAtField = ContractNames.Of(nameof(IKnownAtQuestion.KnownAt));

    /// <summary>
    /// YYYY-MM-DD, optionally followed by Thh:mm[:ss[.fraction]] and Z or ±hh:mm (ASCII digits). The fraction follows a point
    /// only: ISO 8601 also allows a comma, but the ledger writes and documents one form (every moment it shows, exports and
    /// hashes has a point), and a moment is read in one form by every door (<see cref="NotAMoment"/> says how to write it).
    /// </summary>
    [GeneratedRegex(@"^[0-9]{4}-[0-9]{2}-[0-9]{2}(?:T[0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?(?:Z|[+-][0-9]{2}:[0-9]{2})?)?\z")]
    private static partial Regex IsoMoment();

    /// <summary>The digits of a fraction of a second after its seventh.</summary>
    [GeneratedRegex(@"(?<=:\d{2}\.\d{7})\d+")]
    private static partial Regex FinerThanTicks();

    /// <summary>A time's seconds followed by a comma and the fraction's first digit: where a comma stands for the point.</summary>
    [GeneratedRegex(@"(?<=T[0-9]{2}:[0-9]{2}:[0-9]{2}),(?=[0-9])")]
    private static partial Regex CommaBeforeFraction();

    /// <summary>A time's second 60 (hh:mm:60), followed by its fraction, if any, and what follows that.</summary>
    [GeneratedRegex(@"(?<=T[0-9]{2}:[0-9]{2}:)60(\.[0-9]+)?(.*)\z")]
    private static partial Regex LeapSecond();

    /// <summary>
    /// Why <paramref name="text"/> is not a moment, for the field <paramref name="field"/>: a well-formed one whose offset
    /// takes it, in UTC, before 0001-01-01 or after 9999-12-31 is said to be so (before, it was "not a moment in ISO 8601");
    /// so is one whose fraction follows a comma (ISO 8601 allows it; the ledger reads one form: the same with a point is
    /// given), and a leap second (23:59:60: the ledger's times, as .NET's, are UTC without leap seconds; :59 and the next
    /// minute are given). Anything else is not of the form.
    /// </summary>
    public static string NotAMoment(string field, string text)
    {
        if (CommaBeforeFraction().IsMatch(text) && TryParseMoment(CommaBeforeFraction().Replace(text, "."), out _))
            return $"'{field}': '{text}' writes its fraction of a second after a comma; the ledger reads a moment in one form, with a point " +
                $"there, as it writes every moment: write {CommaBeforeFraction().Replace(text, ".")}.";
        if (LeapSecond().Match(text) is { Success: true } leap && TryParseMoment(text[..leap.Index] + "59" + leap.Value[2..], out var before))
        {
            // The minute after 23:59:60 starts the next day (and, at the end of a month, the next month): computed, not spelled.
            var second = before.AddTicks(-(before.Ticks % TimeSpan.TicksPerSecond));
            var nextMinute = Math.Max(second.UtcTicks, second.Ticks) <= DateTime.MaxValue.Ticks - TimeSpan.TicksPerSecond
                ? $" or the next minute, {second.AddSeconds(1).ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture)}{leap.Groups[2].Value}"
                : "";
            return $"'{field}': '{text}' is a leap second (second 60), which cannot be given: the ledger's times are UTC without leap seconds, " +
                $"as its clock's are. Write {text[..leap.Index]}59{leap.Value[2..]}{nextMinute}.";
        }
        if (IsoMoment().IsMatch(text) && OffsetAtEnd().Match(text) is { Success: true } offset
            && DateTime.TryParse(FinerThanTicks().Replace(text[..offset.Index], ""), CultureInfo.InvariantCulture, DateTimeStyles.None, out var clock))
        {
            var (hours, minutes) = (int.Parse(offset.Groups[2].Value, CultureInfo.InvariantCulture), int.Parse(offset.Groups[3].Value, CultureInfo.InvariantCulture));
            var utc = clock.Ticks - (offset.Groups[1].Value == "-" ? -1 : 1) * new TimeSpan(hours, minutes, 0).Ticks;
            if (minutes < 60 && hours * 60 + minutes <= 14 * 60)
            {
                if (utc < DateTime.MinValue.Ticks) return $"'{field}': '{text}' is, in UTC, before 0001-01-01T00:00:00Z, the earliest moment there is.";
                if (utc > DateTime.MaxValue.Ticks) return $"'{field}': '{text}' is, in UTC, after 9999-12-31T23:59:59.9999999Z, the latest moment there is.";
            }
        }
        if (IsoMoment().IsMatch(text) && NoSuchDay(text) is { } why) return $"'{field}': '{text}' is not a valid date: {why}.";
        return $"'{field}' must be {MomentExpected}; '{text}' is not.";
    }

    /// <summary>A moment's offset from UTC, at its end: ±hh:mm.</summary>
    [GeneratedRegex(@"([+-])([0-9]{2}):([0-9]{2})\z")]
    private static partial Regex OffsetAtEnd();

    /// <summary>
    /// A parameter that takes one value, given more than once (<c>?after=3&amp;after=9</c>, <c>--as-of 2020 --as-of 2021</c>),
    /// as the HTTP API and the command line both say it: its first values quoted one by one, bounded as every echoed value
    /// is (a query may repeat one thousands of times). Before, the API quoted the values joined with a comma ('3,9'), a value
    /// no one wrote.
    /// </summary>
    public static string GivenMoreThanOnce(string name, IReadOnlyList<string?> values) =>
        $"'{name}' is given {values.Count} times ({string.Join(", ", values.Take(QuotedValues).Select(EchoedText.Quote))}{(values.Count > QuotedValues ? ", …" : "")}); " +
        "it takes one value: give it once.";

    private const int QuotedValues = 3;

    public const string MomentExpected = "a moment in ISO 8601 (YYYY-MM-DD, or YYYY-MM-DDThh:mm[:ss[.fffffff]] with Z or ±hh:mm; without one, UTC), e.g. 2025-04-17T12:00:00Z";

    public static DateOnly ParseDay(string text) =>
        TryParseDay(text, out var day) ? day : throw new FormatException($"'{text}' is not a day of the form YYYY-MM-DD.");
}
