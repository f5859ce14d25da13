using RelationsLedger.Application.Commands.Recording;
using Microsoft.Extensions.DependencyInjection;
using System.Globalization;
using RelationsLedger.Import.UsMissions;
using RelationsLedger.Application.Queries.Panel;
using RelationsLedger.Domain;
using RelationsLedger.Domain.Events;
using RelationsLedger.Domain.Parties;
using RelationsLedger.Domain.Time;
using Xunit.Abstractions;

namespace RelationsLedger.Projections.Tests;

/// <summary>
/// Real data through the panel: the US missions data imported (docs/us-missions.md), then the yearly panel of the US's
/// missions 1800–2024 checked against what transitions.csv implies — every cell of a date outside a partial-date window
/// is the level of the country's last transition by then, certain; a cell decided by a transition whose window
/// straddles the date is possible. Run for 31 December (no window straddles it) and for 30 June (year dates do).
/// </summary>
public sealed class PanelUsMissionsTests(ITestOutputHelper output)
{
    [Fact]
    public async Task The_yearly_panel_of_US_missions_agrees_with_the_transitions()
    {
        await using var ledger = await TestLedger.OpenAsync(ManualClock.Fixed());
        IReadOnlyList<MissionTransition> transitions;
        using (var reader = new StreamReader(Path.Combine(SharedData.Folder("us-missions"), "transitions.csv"))) transitions = UsMissionsImport.Read(reader, "transitions.csv");
        var imported = await UsMissionsImport.RunAsync(ledger.Mediator, ledger.Services.GetRequiredService<CommandValidators>(), transitions, "transitions.csv", null, default);
        Assert.Empty(imported.Refused);
        var skipped = imported.Skipped.Select(s => int.Parse(s.Split(' ')[1], CultureInfo.InvariantCulture)).ToHashSet();
        var byParty = transitions.Where(t => !skipped.Contains(t.Line)).GroupBy(t => t.Party)
            .ToDictionary(g => g.Key, g => g.OrderBy(t => t.EffectiveDate.Start).ThenBy(t => t.EffectiveDate.End).ThenBy(t => t.Line).ToList());

        foreach (var on in new[] { "12-31", "06-30" })
        {
            var panel = await ledger.Mediator.Send(new GetPanel("1800", "2024", "year", on, "missions", "US"));
            Assert.True(panel.ReadModel.IsCurrent);
            Assert.Equal(["mission_a_in_b", "mission_b_in_a"], panel.Plan.Columns.Select(c => c.Name));
            var (certain, possible, rows) = (0, 0, 0L);
            await foreach (var row in panel.Rows)
            {
                rows++;
                var usIsA = row.PartyA == "US";
                var party = usIsA ? row.PartyB : row.PartyA;
                var cell = row.Cells[usIsA ? 0 : 1];
                var other = row.Cells[usIsA ? 1 : 0];
                Assert.True(other is { Value: null, Certainty: Certainty.Certain }, $"{row.Relationship} {row.Date}: a mission of {party} in the US");
                var mine = byParty.GetValueOrDefault(party) ?? [];
                var deciding = mine.LastOrDefault(t => t.EffectiveDate.Start <= row.Date);
                var expected = deciding?.Level is { } level ? Names.Of(level) : null;
                var inWindow = mine.Any(t => t.EffectiveDate.Start <= row.Date && row.Date < t.EffectiveDate.End);
                if (!inWindow)
                {
                    Assert.True((expected, Certainty.Certain) == (cell.Value, cell.Certainty),
                        $"{party} as of {row.Date}: panel {cell.Value ?? "none"} ({cell.Certainty}), transitions.csv {expected ?? "none"} (line {deciding?.Line})");
                    certain++;
                }
                else if (deciding is not null && row.Date < deciding.EffectiveDate.End)
                {
                    Assert.True(cell.Certainty == Certainty.Possible, $"{party} as of {row.Date}: decided by line {deciding.Line} ({deciding.EffectiveDate}), yet certain");
                    possible++;
                }
            }
            output.WriteLine($"on {on}: {rows} rows, {certain} certain cells matching transitions.csv, {possible} possible inside a window");
            Assert.Equal(panel.RowCount, rows);
            Assert.True(certain >= 20_000, "too few cells were checked");
            if (on == "06-30") Assert.True(possible >= 20, "too few partial-date windows were met");
        }
    }
}
