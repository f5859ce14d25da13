using System.Globalization;
using RelationsLedger.Application.Commands.Agreements;
using RelationsLedger.Application.Commands.Ambassadors;
using RelationsLedger.Application.Commands.Cooperation;
using RelationsLedger.Application.Commands.Designations;
using RelationsLedger.Application.Commands.Mends;
using RelationsLedger.Application.Commands.Missions;
using RelationsLedger.Application.Commands.Projects;
using RelationsLedger.Application.Commands.Recognition;
using RelationsLedger.Application.Commands.Recording;
using RelationsLedger.Application.Commands.Relations;
using RelationsLedger.Application.Commands.Sanctions;
using RelationsLedger.Domain;
using RelationsLedger.Domain.Events;

namespace RelationsLedger.Benchmarks.Generation;

/// <summary>
/// The command a user would send to record a generated event: same id (so a retry is idempotent),
/// same effective date, recorder and sources. Recording it yields the very same event.
/// </summary>
public static class CommandMapper
{
    public static RecordCommand ToCommand(GeneratedEvent g)
    {
        var (a, b) = (g.Key.First.Value, g.Key.Second.Value);
        RecordCommand command = g.Event switch
        {
            RelationsEstablished e => new EstablishRelations(e.PartyA, e.PartyB),
            RelationsSevered e => new SeverRelations(e.PartyA, e.PartyB, e.Reason),
            RelationsRestored e => new RestoreRelations(e.PartyA, e.PartyB),
            RecognitionGranted e => new GrantRecognition(e.Actor, e.Counterpart, Names.Of(e.Form)),
            RecognitionWithdrawn e => new WithdrawRecognition(e.Actor, e.Counterpart, e.Reason),
            DesignationImposed e => new ImposeDesignation(e.Actor, e.Counterpart, e.List, e.Authority, e.Reference),
            DesignationRemoved e => new RemoveDesignation(e.Actor, e.Counterpart, e.List, e.Authority, e.Reference),
            AmbassadorNominated e => new NominateAmbassador(e.Sending, e.Receiving, e.Person),
            AmbassadorAccredited e => new AccreditAmbassador(e.Sending, e.Receiving, e.Person),
            AmbassadorRecalled e => new RecallAmbassador(e.Sending, e.Receiving, e.Person, e.Reason),
            AmbassadorExpelled e => new ExpelAmbassador(e.Sending, e.Receiving, e.Person, e.Reason),
            MissionOpened e => new OpenMission(e.Actor, e.Counterpart, Names.Of(e.Level), e.City, e.ProtectingPower),
            MissionLevelChanged e => new ChangeMissionLevel(e.Actor, e.Counterpart, Names.Of(e.Level), e.City, e.ProtectingPower),
            MissionClosed e => new CloseMission(e.Actor, e.Counterpart, e.Reason),
            SanctionsImposed e => new ImposeSanctions(e.Actor, e.Counterpart, e.Programme, e.Scope),
            SanctionsLifted e => new LiftSanctions(e.Actor, e.Counterpart, e.Programme),
            AgreementSigned e => new SignAgreement(e.PartyA, e.PartyB, e.Kind, e.Title),
            AgreementTerminated e => new TerminateAgreement(e.PartyA, e.PartyB, e.Title, e.Reason),
            CooperationPledged e => new PledgeCooperation(e.Actor, e.Counterpart, e.Domain, e.Adversary),
            EngagementHeld e => new HoldEngagement(e.PartyA, e.PartyB, e.Kind, e.Title, e.Place),
            StatementMade e => new MakeStatement(e.Actor, e.Counterpart, e.Speaker, Names.Of(e.Stance), e.Summary),
            ProjectProposed e => new ProposeProject(e.Actor, e.Counterpart, e.Sector, e.Title),
            ProjectLaunched e => new LaunchProject(e.Actor, e.Counterpart, e.Title),
            ProjectCancelled e => new CancelProject(e.Actor, e.Counterpart, e.Title, e.Reason),
            EntryCorrected e => new CorrectEntry(a, b, e.Target.ToString("D"), e.Reason, e.EffectiveDate?.ToString(), g.Changes),
            EntryRetracted e => new RetractEntry(a, b, e.Target.ToString("D"), e.Reason),
            _ => throw new ArgumentOutOfRangeException(nameof(g), $"No command records {g.Event.GetType().Name}."),
        };
        return command with
        {
            CommandId = g.EventId,
            EffectiveDate = g.EffectiveDate.ToString(),
            RecordedBy = g.Provenance.RecordedBy,
            Sources = g.Provenance.Sources.Select(s => new SourceInput(s.Publisher, s.Title, s.Url, s.Reference,
                s.PublishedOn?.ToString())).ToList(),
        };
    }

    public static string Describe(GeneratedEvent g) =>
        string.Create(CultureInfo.InvariantCulture, $"{EventCatalogue.NameOf(g.Event)} {g.EventId} in {g.Key} effective {g.EffectiveDate}");
}
