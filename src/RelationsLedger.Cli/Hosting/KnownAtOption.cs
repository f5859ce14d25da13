using System.CommandLine;
using FluentValidation.Results;
using RelationsLedger.Application.Queries;

namespace RelationsLedger.Cli.Hosting;

/// <summary>
/// <c>--known-at</c>, read by the command rather than by the parser, so that a moment that cannot be read is
/// reported together with every other problem of the question (<c>--known-at: …</c>), not alone.
/// </summary>
public sealed class KnownAtOption(string description)
{
    public Option<string?> Option { get; } = new("--known-at") { Description = description };

    public DateTimeOffset? Read(ParseResult parse, ICollection<ValidationFailure> failures)
    {
        var text = parse.GetValue(Option);
        if (text is null) return null;
        if (QueryRules.TryParseMoment(text, out var moment)) return moment;
        failures.Add(new ValidationFailure("knownAt", QueryRules.NotAMoment("knownAt", text), text));
        return null;
    }

    public const string AnswerAsKnown = "Answer as the ledger knew it at this moment (ISO 8601, e.g. 2025-04-17T12:00:00Z).";
}
