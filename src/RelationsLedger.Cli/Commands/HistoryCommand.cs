using System.CommandLine;
using FluentValidation;
using FluentValidation.Results;
using MediatR;
using RelationsLedger.Application.Queries.History;
using RelationsLedger.Domain.Parties;
using Spectre.Console;
using RelationsLedger.Cli.Hosting;
using RelationsLedger.Cli.Output;

namespace RelationsLedger.Cli.Commands;

/// <summary>
/// <c>ledger history A B [--json]</c>: every recorded event with both times, recorder and sources;
/// <c>ledger history [A B] --correlation-id X</c>: the events recorded under one correlation id (a batch's), across relationships.
/// </summary>
public static class HistoryCommand
{
    /// <summary>The word that names the command on a line.</summary>
    public const string Name = "history";

    public static Command Build(CliOutput io)
    {
        var a = new Argument<string?>("party-a") { Description = "One party.", Arity = ArgumentArity.ZeroOrOne };
        var b = new Argument<string?>("party-b") { Description = "The other party.", Arity = ArgumentArity.ZeroOrOne };
        var correlation = UuidOption.Create("--correlation-id",
            "Only the events recorded under this correlation id — a batch's events share one — in every relationship (reads the whole log), or in A and B's.");
        var json = new Option<bool>("--json") { Description = "Print JSON instead of a table." };
        var command = new Command(Name, "Every event recorded for a relationship, in recording order, with its provenance and mends; or every event of one correlation id (a batch).")
            { a, b, correlation, json };
        command.SetQueryAction(io, json, (parse, failures) => Question(parse.GetValue(a), parse.GetValue(b), parse.GetValue(correlation), failures), (output, question, entries) =>
        {
            var console = output.Console;
            HistoryTable.Write(console, entries);
            if (entries.Count == 0 && question is GetHistory h && PartyCase.Note(RelationshipKey.Of(h.PartyA, h.PartyB).ToString()) is { } note) console.WriteLine(note);
        });
        return command;
    }

    private static IRequest<IReadOnlyList<HistoryEntry>> Question(string? a, string? b, Guid? correlation, ICollection<ValidationFailure> failures)
    {
        if (correlation is { } id) return new GetCorrelatedHistory(id, a, b);
        // Said alone: the question's own check of the parties would add "'<party-a>' is empty" of a party not given (before round 62).
        if (a is null || b is null)
            throw new ValidationException([new ValidationFailure("partyB", "name the relationship's two parties (ledger history RU taliban), or give --correlation-id.")]);
        return new GetHistory(a, b);
    }
}
