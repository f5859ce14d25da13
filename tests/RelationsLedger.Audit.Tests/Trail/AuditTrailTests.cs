using System.Text.Json;
using RelationsLedger.Application.Audit.Import;
using RelationsLedger.Application.Audit.Trail;
using RelationsLedger.Domain.Aspects;
using RelationsLedger.Domain.Events;

namespace RelationsLedger.Audit.Tests.Trail;

/// <summary><c>ledger audit</c>: every event in recording order with provenance and its effect on the state as known.</summary>
public sealed class AuditTrailTests : FoundingLedgerTests
{

    [Fact]
    public async Task Each_entry_has_provenance_and_what_it_changed()
    {
        var trail = await Ledger.Send(new GetAuditTrail("taliban", "RU"));
        Assert.Equal(Enumerable.Range(0, 13).Select(i => (ulong)i), trail.Entries.Select(e => e.Revision));
        Assert.All(trail.Entries, e => Assert.NotEmpty(e.Sources));

        // The back-filled designation (recorded third, effective 2003) adds the listing with its 2003 date.
        var imposed = trail.Entries.Single(e => e.Type == "DesignationImposed");
        Assert.Equal(("demo", "2003-02-14"), (imposed.RecordedBy, imposed.EffectiveDate.ToString()));
        var added = Assert.Single(imposed.Changes);
        Assert.Equal(("designations", ChangeKind.Added, "RU · Federal list of terrorist organisations"), (added.Section, added.Change, added.Item));
        Assert.Contains(added.Fields, f => f == new FieldChange("since", null, "2003-02-14"));

        // The removal changes that item: it ends, and the ending names the removal.
        var removed = trail.Entries.Single(e => e.Type == "DesignationRemoved");
        var ended = Assert.Single(Assert.Single(removed.Changes).Fields);
        Assert.Equal(("ended", (string?)null), (ended.Field, ended.Before));
        Assert.Equal($"2025-04-17 by DesignationRemoved {removed.EventId} (Supreme Court of the Russian Federation)", ended.After);

        // The correction moves the engagement's date; the retraction withdraws the project.
        var correction = trail.Entries.Single(e => e.Type == "EntryCorrected");
        var moved = Assert.Single(correction.Changes);
        Assert.Equal((ChangeKind.Changed, correction.Mends), (moved.Change, trail.Entries.Single(e => e.EffectiveDate.ToString() == "2024").EventId));
        Assert.Contains(moved.Fields, f => f == new FieldChange("on", "2024", "2024-06"));
        var retraction = trail.Entries.Single(e => e.Type == "EntryRetracted");
        Assert.Equal(("projects", ChangeKind.Removed), (Assert.Single(retraction.Changes).Section, retraction.Changes[0].Change));
        Assert.Equal("auditor@example.org", retraction.RecordedBy);
    }

    [Fact]
    public async Task Known_at_replays_only_what_was_recorded_by_then()
    {
        var trail = await Ledger.Send(new GetAuditTrail("RU", "taliban", Ledger.BetweenEarlierAndLater));
        Assert.Equal(4, trail.Entries.Count);
        Assert.All(trail.Entries, e => Assert.True(e.RecordedAt <= Ledger.BetweenEarlierAndLater));
        Assert.DoesNotContain(trail.Entries, e => e.Type == "DesignationRemoved");
    }

    [Fact]
    public async Task The_cli_prints_a_table_and_json()
    {
        var table = await LedgerCli.RunAsync("--store", Ledger.Path, "audit", "RU", "taliban");
        Assert.Equal(0, table.ExitCode);
        Assert.Contains("+ designations: RU · Federal list of terrorist organisations", table.Out);
        Assert.Contains("~ designations: RU · Federal list of terrorist organisations", table.Out);

        var json = await LedgerCli.RunAsync("--store", Ledger.Path, "audit", "RU", "taliban", "--json", "--known-at", Ledger.BetweenEarlierAndLater.ToString("O"));
        Assert.Equal(0, json.ExitCode);
        var entries = JsonDocument.Parse(json.Out).RootElement.GetProperty("entries");
        Assert.Equal(4, entries.GetArrayLength());
        Assert.Equal("added", entries[0].GetProperty("changes")[0].GetProperty("change").GetString());

        var invalid = await LedgerCli.RunAsync("--store", Ledger.Path, "audit", "RU", "RU");
        Assert.Equal(2, invalid.ExitCode);
    }

    [Fact]
    public void Every_event_type_has_the_command_that_records_it()
    {
        foreach (var entry in EventCatalogue.All)
        {
            var command = Assert.Single(Application.Commands.Recording.CommandCatalogue.All, c => c.EventType == entry.ClrType);
            Assert.True(command.CommandType.IsSubclassOf(typeof(Application.Commands.Recording.RecordCommand)), $"{entry.Name} has no command for import to check it with.");
        }
    }
}
