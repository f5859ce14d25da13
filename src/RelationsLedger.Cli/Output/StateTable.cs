using RelationsLedger.Application.Queries.RelationshipState;
using RelationsLedger.Domain;
using RelationsLedger.Domain.State;
using RelationsLedger.Domain.Time;
using Spectre.Console;

namespace RelationsLedger.Cli.Output;

/// <summary>A relationship's state as one readable table: each item, its status, certainty and the event behind it.</summary>
public static class StateTable
{
    public static void Write(IAnsiConsole console, RelationshipStateView v)
    {
        var knownAt = v.KnownAt is { } k ? $", as known at {k:u}" : "";
        var table = new Table().Title($"{Markup.Escape(v.Relationship)} as of {v.AsOf}{Markup.Escape(knownAt)}")
            .AddColumns("Aspect", "Item", "Status", "Since / on", "Event (--json: full id)");
        var rows = Rows(v).ToList();
        foreach (var (aspect, item, status, since, eventId) in rows)
            table.AddRow(Markup.Escape(aspect), Markup.Escape(item), Markup.Escape(status), Markup.Escape(since), Markup.Escape(eventId[..Math.Min(8, eventId.Length)]));
        if (rows.Count == 0) table.AddRow("(nothing)", "no fact recorded on or before this day", "", "", "");
        console.Write(table);
        Freshness.Write(console, v.ReadModel);
    }

    public static IEnumerable<(string Aspect, string Item, string Status, string Since, string Event)> Rows(RelationshipStateView v)
    {
        if (v.Relations is { } r) yield return ("Relations", "diplomatic relations", Names.Of(r.Status), r.Since.ToString(), r.EventId.ToString());
        foreach (var x in v.Recognitions) yield return Row("Recognition", $"{x.Item.Actor} recognises {x.Item.Counterpart} ({Names.Of(x.Item.Form)})", x);
        foreach (var x in v.Designations) yield return Row("Designation", $"{x.Item.Actor} lists {x.Item.Counterpart} on '{x.Item.List}' ({x.Item.Authority})", x);
        foreach (var x in v.Ambassadors) yield return Row("Ambassador", $"{x.Item.Sending}'s ambassador in {x.Item.Receiving}: {x.Item.Person}", x);
        foreach (var x in v.Nominations) yield return Row("Nomination", $"{x.Item.Sending} nominates {x.Item.Person} to {x.Item.Receiving}", x, pending: true);
        foreach (var x in v.Missions) yield return Row("Mission", $"{x.Item.Actor}'s {Names.Of(x.Item.Level)} in {x.Item.Counterpart}{(x.Item.City is { } c ? $" ({c})" : "")}", x);
        foreach (var x in v.Sanctions) yield return Row("Sanctions", $"{x.Item.Actor} on {x.Item.Counterpart}: {x.Item.Programme}", x);
        foreach (var x in v.Agreements) yield return Row("Agreement", $"{x.Item.Title} ({x.Item.Kind})", x);
        foreach (var x in v.Pledges) yield return Row("Pledge", $"{x.Item.Actor} to {x.Item.Counterpart}: {x.Item.Domain}{(x.Item.Adversary is { } a ? $" against {a}" : "")}", x);
        foreach (var x in v.Projects) yield return Row("Project", $"{x.Item.Title} ({x.Item.Sector}, {Names.Of(x.Item.Stage)})", x);
        foreach (var e in v.Engagements) yield return ("Engagement", $"{e.Title} ({e.Kind}{(e.Place is { } p ? $", {p}" : "")})", "held", e.On.ToString(), e.EventId.ToString());
        foreach (var s in v.Statements) yield return ("Statement", $"{s.Speaker} ({s.Actor}) on {s.Counterpart}: {Names.Of(s.Stance)} — {s.Summary}", "made", s.On.ToString(), s.EventId.ToString());
    }

    private static (string, string, string, string, string) Row<T>(string aspect, string item, ItemView<T> x, bool pending = false) where T : ITenure
    {
        var possibly = x.Certainty == Certainty.Possible ? "possibly " : "";
        return x.Item.Ended is { } ended
            ? (aspect, item, $"{possibly}ended: {ended.Type}{(ended.Reason is { } why ? $" ({why})" : "")}", $"{x.Item.Since} → {ended.On}", ended.EventId.ToString())
            : (aspect, item, $"{possibly}{(pending ? "pending" : "in force")}", x.Item.Since.ToString(), x.Item.EventId.ToString());
    }
}
