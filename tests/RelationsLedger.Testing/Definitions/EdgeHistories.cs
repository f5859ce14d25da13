using RelationsLedger.Application.Commands.Designations;
using RelationsLedger.Application.Commands.Mends;
using RelationsLedger.Application.Commands.Missions;
using RelationsLedger.Application.Commands.Recording;
using RelationsLedger.Application.Commands.Relations;
using RelationsLedger.Application.Commands.Cooperation;
using RelationsLedger.Application.Commands.Recognition;
using RelationsLedger.Application.Commands.Ambassadors;
using RelationsLedger.Application.Commands.Sanctions;
using RelationsLedger.Application.Commands.Agreements;
using RelationsLedger.Application.Commands.Projects;

namespace RelationsLedger.Testing.Definitions;

/// <summary>
/// Histories aimed at the edges of the definitions, recorded through the commands on a clock the test moves (one second a
/// command, or none for mends recorded at the same instant): partial dates straddling days asked about, several facts on
/// one day, a version of a mission that holds on no day, corrections that move a date across a day and their retraction,
/// mends at one instant, leap days, before 1945; and for every other kind (GB~NO, <see cref="OtherKindsAsync"/>). <see cref="Moments"/> are the recorded-at times worth asking as known at.
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
        await OtherKindsAsync(Record, AtOnce, Later);
        return new(moments.Distinct().ToList());
    }

    /// <summary>
    /// GB~NO: recognitions granted again and withdrawn in a month of their year; nominations accredited (one under the person's
    /// name in another case), pending for ever, revived by a retraction; ambassadors recalled on a leap day and expelled;
    /// sanctions lifted under the programme's name in another case and imposed again; an agreement ended in the month it was
    /// signed, another ended in a month under its title in capitals; pledges of year 1 and of a month; a project proposed on a leap day, launched, cancelled; fourteen engagements and
    /// twelve statements with ties on one day and in one month, the ten shown cut inside the ties (year 9999 is asked about: the future cannot be recorded) — more than the ten the state shows — and a
    /// correction moving one across the others, then retracted, and mends at one instant.
    /// </summary>
    private static async Task OtherKindsAsync(Func<RecordCommand, string, Task<Guid>> record, Func<RecordCommand, Task<Guid>> atOnce, Action later)
    {
        await record(new GrantRecognition("GB", "NO", "de-facto"), "1905-06");
        await record(new GrantRecognition("GB", "NO", "de-jure"), "1905-10-26");
        await record(new GrantRecognition("NO", "GB", "de-jure"), "1905");
        await record(new WithdrawRecognition("NO", "GB", "A quarrel"), "1905-12");
        await record(new GrantRecognition("NO", "GB", "de-facto"), "1906-01-01");

        await record(new NominateAmbassador("GB", "NO", "A. Smith"), "1906-01");
        await record(new AccreditAmbassador("GB", "NO", "A. Smith"), "1906");
        await record(new RecallAmbassador("GB", "NO", "A. Smith", "Home"), "1912-02-29");
        await record(new NominateAmbassador("GB", "NO", "B. Jones"), "1912-03");
        var jones = await record(new AccreditAmbassador("GB", "NO", "b. jones"), "1912-03-15");
        await record(new NominateAmbassador("NO", "GB", "C. Berg"), "1906");
        await record(new NominateAmbassador("NO", "GB", "D. Lund"), "1906-05-05");
        await record(new AccreditAmbassador("NO", "GB", "D. Lund"), "1907-05");
        await record(new ExpelAmbassador("NO", "GB", "D. Lund", "persona non grata"), "1950");

        await record(new ImposeSanctions("GB", "NO", "Fish Programme", "herring"), "1920-05");
        await record(new LiftSanctions("GB", "NO", "fish programme"), "1921");
        await record(new ImposeSanctions("GB", "NO", "FISH PROGRAMME", "cod"), "1930-01-01");
        await record(new ImposeSanctions("NO", "GB", "Wool", "wool"), "1930");

        await record(new SignAgreement("GB", "NO", "trade", "Treaty of Oslo"), "1907-11");
        await record(new TerminateAgreement("GB", "NO", "Treaty of Oslo", "Lapsed"), "1907-11-30");
        await record(new SignAgreement("GB", "NO", "security", "Accord"), "1908");
        await record(new TerminateAgreement("NO", "GB", "ACCORD"), "1930-06");

        await record(new PledgeCooperation("GB", "NO", "defence", "DE"), "0001");
        await record(new PledgeCooperation("NO", "GB", "fisheries"), "1914-08");

        await record(new ProposeProject("NO", "GB", "rail", "Bergen Railway"), "1908-02-29");
        await record(new LaunchProject("NO", "GB", "Bergen Railway"), "1908-06");
        await record(new CancelProject("NO", "GB", "Bergen Railway", "Money"), "1909");
        await record(new ProposeProject("GB", "NO", "energy", "North Sea Cable"), "2020-05");

        var held = new List<Guid>();
        foreach (var on in new[] { "1950-05-05", "1950-05-05", "1950-05", "1950", "1950-05-05", "1951-01", "1949-12-31", "1952", "1952-02-29", "1953", "1954", "1955-07", "1956-03", "1957" })
            held.Add(await record(new HoldEngagement("GB", "NO", "talks", $"Talks of {on} #{held.Count}", held.Count % 2 == 0 ? "Oslo" : null), on));
        var said = new List<Guid>();
        foreach (var on in new[] { "1960-01-01", "1960-01-01", "1960-01", "1960", "1961", "1962", "1963", "1964", "1965", "1966-06", "1966-06-30", "2025-12" })
            said.Add(await record(new MakeStatement(said.Count % 3 == 0 ? "NO" : "GB", said.Count % 3 == 0 ? "GB" : "NO", "A speaker", "partner", $"Statement of {on} #{said.Count}"), on));

        // Mends at one instant: the last accreditation retracted (its nomination pending again), an engagement moved from
        // 1950-05-05 to 1956 (past the others: the oldest of the ten changes), a statement retracted; then the move retracted.
        later();
        await atOnce(new RetractEntry("GB", "NO", jones.ToString(), "Never accredited."));
        var movedHeld = await atOnce(new CorrectEntry("GB", "NO", held[0].ToString(), "It was in 1956.", "1956"));
        await atOnce(new RetractEntry("GB", "NO", said[4].ToString(), "Not official."));
        await atOnce(new CorrectEntry("GB", "NO", said[1].ToString(), "Hostile, in fact.", Changes: new Dictionary<string, string?> { ["stance"] = "hostile" }));
        later();
        await atOnce(new RetractEntry("GB", "NO", movedHeld.ToString(), "1950 after all."));
        later();
    }
}
