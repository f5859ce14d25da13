using System.CommandLine;
using RelationsLedger.Application.Queries;

namespace RelationsLedger.Cli.Hosting;

/// <summary>
/// An option whose value is a moment, read by the rule <c>--known-at</c> and the HTTP API's <c>knownAt</c> share
/// (<see cref="QueryRules.TryParseMoment"/>): ISO 8601's extended form, UTC when no offset is given. Not by the parser's own
/// reading of a <c>DateTimeOffset</c>, which takes a moment without an offset in the machine's time zone (the same
/// <c>2026-12-03T20:31:57</c> was another moment in New York and in Tokyo) and reads <c>01/02/2025</c>, <c>Dec 3 2026</c>
/// and a space for the <c>T</c> by its invariant culture.
/// </summary>
public static class MomentOption
{
    public static Option<DateTimeOffset?> Create(string name, string description) => new(name)
    {
        Description = description,
        CustomParser = result =>
        {
            var text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
            if (QueryRules.TryParseMoment(text, out var moment)) return moment;
            result.AddError($"{name}: {QueryRules.NotAMoment(name, text)}");
            return null;
        },
    };
}
