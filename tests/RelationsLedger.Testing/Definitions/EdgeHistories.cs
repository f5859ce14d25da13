using RelationsLedger.Application.Commands.Designations;
using RelationsLedger.Application.Commands.Mends;
using RelationsLedger.Application.Commands.Missions;
using RelationsLedger.Application.Commands.Recording;
using RelationsLedger.Application.Commands.Relations;
using RelationsLedger.Application.Commands.Cooperation;

namespace RelationsLedger.Testing.Definitions;

/// <summary>
/// Histories aimed at the edges of the definitions, recorded through the commands on a clock the test moves (one second a
/// command, or none for mends recorded at the same instant): partial dates straddling days asked about, several facts on
/// one day, a version of a mission that holds on no day, corrections that move a date across a day and their retraction,
/// mends at one instant, leap days, before 1945. <see cref="Moments"/> are the recorded-at times worth asking as known at.
/// </summary>
public static class EdgeHistories
{
    /// <summary>The moments of the mends (and the one before the first event): asked as known at, and a tick either side.</summary>
    public sealed record Recorded(IReadOnlyList<DateTimeOffset> Moments);

    public static async Task<Recorded> RecordAsync(TestLedger ledger)
    {
        var moments = new List<DateTimeOffset> { ledger.Clock.Now.AddSeconds(-1) };
        async Task<Guid> Record(RecordCommand command, string on) => (await ledger.RecordAsync(command.On(on))).EventId;
        async Task<Guid> AtOnce(RecordCommand command) // a mend at the clock's moment, the clock not moved on
        {
            moments.Add(ledger.Clock.Now);
            return (await ledger.Send(command.On("2026-01-01"))).EventId;
        }
        void Later() => ledger.Clock.Advance(TimeSpan.FromSeconds(1));

        // DE~FR: relations of a year; DE's embassy of a month lowered in a year and again in a month of that year;
        // FR's embassy closed in a year; a listing on a leap day removed in the month after.
        await Record(new EstablishRelations("DE", "FR"), "1950");
        await Record(new OpenMission("DE", "FR", "embassy", "Paris"), "1950-03");
        await Record(new ChangeMissionLevel("DE", "FR", "legation"), "2021");
        await Record(new ChangeMissionLevel("DE", "FR", "consulate"), "2021-11");
        await Record(new OpenMission("FR", "DE", "embassy", "Bonn"), "1944-12-31");
        await Record(new CloseMission("FR", "DE"), "2020");
        await Record(new ImposeDesignation("DE", "FR", "Leap list", "Bundestag"), "2024-02-29");
        await Record(new RemoveDesignation("DE", "FR", "Leap list", "Bundestag"), "2024-03");

        // PL~IT: a listing of a month, suspended in a year, reinstated on a day, removed in a year; one of 1944; and a
        // listing whose date a correction moves across 2005-07-01 and whose correction is then retracted.
        await Record(new ImposeDesignation("PL", "IT", "List A", "Sejm"), "2000-05");
        await Record(new SuspendDesignation("PL", "IT", "List A", "Court"), "2010");
        await Record(new ReinstateDesignation("PL", "IT", "List A", "Court"), "2011-02-28");
        await Record(new RemoveDesignation("PL", "IT", "List A", "Sejm"), "2012");
        await Record(new ImposeDesignation("PL", "IT", "List B", "Sejm"), "1944");
        var listedC = await Record(new ImposeDesignation("IT", "PL", "List C", "Senato"), "2005-06-15");
        var moved = await AtOnce(new CorrectEntry("IT", "PL", listedC.ToString(), "The decree came a month later.", "2005-07-15"));
        Later();
        await AtOnce(new RetractEntry("IT", "PL", moved.ToString(), "The first date was right after all."));
        Later();

        // ES~IT: several facts on one day; an embassy opened on a day and lowered in its month (a version that holds on no
        // day); mends at one instant — a level corrected, a severance retracted, a correction and its own retraction.
        await Record(new EstablishRelations("ES", "IT"), "1990-01-01");
        var severed = await Record(new SeverRelations("ES", "IT", "A quarrel"), "1990-01-01");
        await Record(new OpenMission("ES", "IT", "embassy", "Rome"), "1990-01-01");
        var lowered = await Record(new ChangeMissionLevel("ES", "IT", "legation"), "1990-01");
        await Record(new OpenMission("IT", "ES", "legation", "Madrid"), "1995");
        var raised = await Record(new ChangeMissionLevel("IT", "ES", "embassy"), "1995-06");
        await Record(new HoldEngagement("ES", "IT", "summit", "A summit", "Rome"), "1995");
        await AtOnce(new CorrectEntry("ES", "IT", lowered.ToString(), "It was a consulate.", Changes: new Dictionary<string, string?> { ["level"] = "consulate" }));
        await AtOnce(new RetractEntry("ES", "IT", severed.ToString(), "No severance: a misreading."));
        var early = await AtOnce(new CorrectEntry("ES", "IT", raised.ToString(), "Raised in May.", "1995-05"));
        await AtOnce(new RetractEntry("ES", "IT", early.ToString(), "June after all."));
        Later();

        // DE~PL: a mission opened in a year, lowered within it, closed within it; reopened after.
        await Record(new OpenMission("PL", "DE", "embassy", "Berlin"), "1999");
        await Record(new ChangeMissionLevel("PL", "DE", "liaison"), "1999-07");
        await Record(new CloseMission("PL", "DE"), "1999-12");
        await Record(new OpenMission("PL", "DE", "consulate", "Berlin"), "2001-01-01");
        await Record(new OpenMission("DE", "PL", "embassy", "Warsaw"), "2002");
        var closedBy = await Record(new CloseMission("DE", "PL"), "2003");
        // FR~PL: missions reopened lower in a year or month after a closing — certainly before (FR's: no walk back past it)
        // and possibly not yet (PL's: possibly still the embassy).
        await Record(new OpenMission("FR", "PL", "embassy", "Warsaw"), "1960");
        await Record(new CloseMission("FR", "PL"), "1970-05-05");
        await Record(new OpenMission("FR", "PL", "consulate", "Krakow"), "1975");
        await Record(new OpenMission("PL", "FR", "embassy", "Paris"), "1960");
        await Record(new CloseMission("PL", "FR"), "1970");
        await Record(new OpenMission("PL", "FR", "consulate", "Lyon"), "1970-06");
        // A correction moving a closing across a day, as known after it and before.
        await AtOnce(new CorrectEntry("DE", "PL", closedBy.ToString(), "Closed in 2004.", "2004"));
        Later();
        return new(moments.Distinct().ToList());
    }
}
