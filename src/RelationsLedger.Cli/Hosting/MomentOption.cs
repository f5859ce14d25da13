using System.CommandLine;
using RelationsLedger.Application.Queries;

namespace RelationsLedger.Cli.Hosting;

/// <summary>
/// An option whose value is a moment, read by the rule <c>--known-at</c> and the HTTP API's <c>knownAt</c> share
/// (<see cref="QueryRules.TryParseMoment"/>): ISO 8601's extended form, UTC when no offset is given. Not by the parser's own
/// reading of a <c>DateTimeOffset</c>, which takes a moment without an offset in the machine's time zone (the same
/// <c>2026-12-03T20:31:57</c> was another moment in New York and in Tokyo) and reads <c>01/02/2025</c>, <c>Dec 3 2026</c>
/// and a space for the <c>T</c> by its invariant culture. The moment is a window's bound (<c>export --from/--to</c>): one
/// between two ticks is read as the next (<see cref="Bound"/>).
/// </summary>
public static class MomentOption
{
    public static Option<DateTimeOffset?> Create(string name, string description) => new(name)
    {
        Description = description,
        CustomParser = result =>
        {
            var text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
            if (QueryRules.TryParseMoment(text, out var moment)) return Bound(text, moment);
            result.AddError($"{name}: {QueryRules.NotAMoment(name, text)}");
            return null;
        },
    };

    /// <summary>
    /// A window's bound (<c>from ≤ recorded at &lt; to</c>; recorded times are whole ticks): one between two ticks holds of the
    /// recorded times the next tick does. Cut to the tick before, as a known-at is (right there: known at ≥ recorded at), a
    /// <c>--to</c> a fraction of a tick after an event left it out of the window, and such a <c>--from</c> took it in.
    /// </summary>
    private static DateTimeOffset Bound(string text, DateTimeOffset moment) =>
        QueryRules.IsBetweenTicks(text) && moment.UtcTicks < DateTimeOffset.MaxValue.UtcTicks ? moment.AddTicks(1) : moment;
}
