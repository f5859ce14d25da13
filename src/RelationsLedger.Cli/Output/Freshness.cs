using RelationsLedger.Application.Queries;
using Spectre.Console;

namespace RelationsLedger.Cli.Output;

/// <summary>Warns, under a table, when the answer came from a read model that could not catch up.</summary>
public static class Freshness
{
    public static void Write(IAnsiConsole console, ReadModelFreshness? freshness)
    {
        if (freshness is null || freshness.IsCurrent) return;
        console.MarkupLine($"[yellow]Warning: the read model is {freshness.Behind} event(s) behind the log (at position {Markup.Escape(freshness.Position)}): {Markup.Escape(freshness.Failure ?? "")}[/]");
        console.MarkupLine("[yellow]Run 'ledger projections status' for details; 'ledger state' answers are as of that position.[/]");
    }
}
