// The command validators as they were written until round 63 (main a0830d0): a FluentValidation rule per field, through
// FieldRules' builders. Kept only as the oracle of CommandRulesOracleTests; the product's are one rule each (OneRule<T>).
using FluentValidation;
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
using RelationsLedger.Domain.Aspects;
using RelationsLedger.Domain.Parties;

namespace RelationsLedger.Application.Tests.Validation.AsWrittenBefore;

internal sealed class OldSignAgreementValidator : AbstractValidator<SignAgreement>
{
    public OldSignAgreementValidator()
    {
        this.TwoParties(c => c.PartyA, c => c.PartyB);
        RuleFor(c => c.Kind).Name();
        RuleFor(c => c.Title).Name();
    }
}

internal sealed class OldTerminateAgreementValidator : AbstractValidator<TerminateAgreement>
{
    public OldTerminateAgreementValidator()
    {
        this.TwoParties(c => c.PartyA, c => c.PartyB);
        RuleFor(c => c.Title).Name();
        RuleFor(c => c.Reason).OptionalText(FieldRules.LongText);
    }
}

internal sealed class OldAccreditAmbassadorValidator : AbstractValidator<AccreditAmbassador>
{
    public OldAccreditAmbassadorValidator()
    {
        this.TwoParties(c => c.Sending, c => c.Receiving);
        RuleFor(c => c.Person).Name();
    }
}

internal sealed class OldExpelAmbassadorValidator : AbstractValidator<ExpelAmbassador>
{
    public OldExpelAmbassadorValidator()
    {
        this.TwoParties(c => c.Sending, c => c.Receiving);
        RuleFor(c => c.Person).Name();
        RuleFor(c => c.Reason).OptionalText(FieldRules.LongText);
    }
}

internal sealed class OldNominateAmbassadorValidator : AbstractValidator<NominateAmbassador>
{
    public OldNominateAmbassadorValidator()
    {
        this.TwoParties(c => c.Sending, c => c.Receiving);
        RuleFor(c => c.Person).Name();
    }
}

internal sealed class OldRecallAmbassadorValidator : AbstractValidator<RecallAmbassador>
{
    public OldRecallAmbassadorValidator()
    {
        this.TwoParties(c => c.Sending, c => c.Receiving);
        RuleFor(c => c.Person).Name();
        RuleFor(c => c.Reason).OptionalText(FieldRules.LongText);
    }
}

internal sealed class OldHoldEngagementValidator : AbstractValidator<HoldEngagement>
{
    public OldHoldEngagementValidator()
    {
        this.TwoParties(c => c.PartyA, c => c.PartyB);
        RuleFor(c => c.Kind).Name();
        RuleFor(c => c.Title).Name();
        RuleFor(c => c.Place).OptionalName();
    }
}

internal sealed class OldMakeStatementValidator : AbstractValidator<MakeStatement>
{
    public OldMakeStatementValidator()
    {
        this.TwoParties(c => c.Actor, c => c.Counterpart);
        RuleFor(c => c.Speaker).Name();
        RuleFor(c => c.Stance).OneOf<MakeStatement, Stance>();
        RuleFor(c => c.Summary).Text(FieldRules.LongText);
    }
}

internal sealed class OldPledgeCooperationValidator : AbstractValidator<PledgeCooperation>
{
    public OldPledgeCooperationValidator()
    {
        this.TwoParties(c => c.Actor, c => c.Counterpart);
        RuleFor(c => c.Domain).Name();
        RuleFor(c => c.Adversary).OptionalParty();
        // Round 70's rule, in this form for the oracle: only of an adversary named.
        RuleFor(c => c.Adversary).NotEqual(c => c.Actor).WithMessage("'{PropertyName}' cannot be the party that pledges.").When(c => c.Adversary is not null);
        // Round 69's rule, in this form for the oracle: not of a pledge recorded before it.
        RuleFor(c => c.Adversary).NotEqual(c => c.Counterpart).WithMessage(FieldRules.AdversaryHelped)
            .When((c, context) => c.Adversary is not null && !context.RootContextData.ContainsKey(FieldRules.AsRecorded));
    }
}

internal abstract class OldDesignationValidator<T> : AbstractValidator<T> where T : IDesignationCommand
{
    protected OldDesignationValidator()
    {
        this.TwoParties(c => c.Actor, c => c.Counterpart);
        RuleFor(c => c.List).Name();
        RuleFor(c => c.Authority).Name();
        RuleFor(c => c.Reference).OptionalName();
    }
}

internal sealed class OldCorrectEntryValidator : AbstractValidator<CorrectEntry>
{
    public OldCorrectEntryValidator(TimeProvider clock)
    {
        this.TwoParties(c => c.PartyA, c => c.PartyB);
        RuleFor(c => c.Target).EventId();
        RuleFor(c => c.Reason).Text(FieldRules.LongText);
        RuleFor(c => c.CorrectedEffectiveDate).PastDate(clock).When(c => c.CorrectedEffectiveDate is not null);
        RuleFor(c => c).Must(c => c.CorrectedEffectiveDate is not null || c.Changes is { Count: > 0 })
            .OverridePropertyName(CorrectEntry.ChangesField)
            .WithMessage("a correction must give a corrected effective date, changed fields, or both.");
    }
}

internal sealed class OldRetractEntryValidator : AbstractValidator<RetractEntry>
{
    public OldRetractEntryValidator()
    {
        this.TwoParties(c => c.PartyA, c => c.PartyB);
        RuleFor(c => c.Target).EventId();
        RuleFor(c => c.Reason).Text(FieldRules.LongText);
    }
}

internal sealed class OldChangeMissionLevelValidator : AbstractValidator<ChangeMissionLevel>
{
    public OldChangeMissionLevelValidator()
    {
        this.TwoParties(c => c.Actor, c => c.Counterpart);
        RuleFor(c => c.Level).OneOf<ChangeMissionLevel, MissionLevel>();
        RuleFor(c => c.City).OptionalName();
        RuleFor(c => c.ProtectingPower).OptionalParty();
        this.ProtectingPowerOfAThirdParty(c => c.Actor, c => c.Counterpart, c => c.Level, c => c.ProtectingPower);
    }
}

internal sealed class OldCloseMissionValidator : AbstractValidator<CloseMission>
{
    public OldCloseMissionValidator()
    {
        this.TwoParties(c => c.Actor, c => c.Counterpart);
        RuleFor(c => c.Reason).OptionalText(FieldRules.LongText);
    }
}

internal sealed class OldOpenMissionValidator : AbstractValidator<OpenMission>
{
    public OldOpenMissionValidator()
    {
        this.TwoParties(c => c.Actor, c => c.Counterpart);
        RuleFor(c => c.Level).OneOf<OpenMission, MissionLevel>();
        RuleFor(c => c.City).OptionalName();
        RuleFor(c => c.ProtectingPower).OptionalParty();
        this.ProtectingPowerOfAThirdParty(c => c.Actor, c => c.Counterpart, c => c.Level, c => c.ProtectingPower);
    }
}

internal sealed class OldCancelProjectValidator : AbstractValidator<CancelProject>
{
    public OldCancelProjectValidator()
    {
        this.TwoParties(c => c.Actor, c => c.Counterpart);
        RuleFor(c => c.Title).Name();
        RuleFor(c => c.Reason).OptionalText(FieldRules.LongText);
    }
}

internal sealed class OldLaunchProjectValidator : AbstractValidator<LaunchProject>
{
    public OldLaunchProjectValidator()
    {
        this.TwoParties(c => c.Actor, c => c.Counterpart);
        RuleFor(c => c.Title).Name();
    }
}

internal sealed class OldProposeProjectValidator : AbstractValidator<ProposeProject>
{
    public OldProposeProjectValidator()
    {
        this.TwoParties(c => c.Actor, c => c.Counterpart);
        RuleFor(c => c.Sector).Name();
        RuleFor(c => c.Title).Name();
    }
}

internal sealed class OldGrantRecognitionValidator : AbstractValidator<GrantRecognition>
{
    public OldGrantRecognitionValidator()
    {
        this.TwoParties(c => c.Actor, c => c.Counterpart);
        RuleFor(c => c.Form).OneOf<GrantRecognition, RecognitionForm>();
    }
}

internal sealed class OldWithdrawRecognitionValidator : AbstractValidator<WithdrawRecognition>
{
    public OldWithdrawRecognitionValidator()
    {
        this.TwoParties(c => c.Actor, c => c.Counterpart);
        RuleFor(c => c.Reason).OptionalText(FieldRules.LongText);
    }
}

internal sealed class OldRecordCommandValidator<T> : AbstractValidator<T> where T : RecordCommand
{
    public const int MaxSources = 20;

    public OldRecordCommandValidator(TimeProvider clock)
    {
        RuleFor(c => c.CommandId).NotEmpty().WithMessage("'{PropertyName}' must not be the empty id.");
        RuleFor(c => c.EffectiveDate).PastDate(clock).Unless(c => string.IsNullOrEmpty(c.EffectiveDate) && c.EffectiveTodayByDefault);
        RuleFor(c => c.RecordedBy).Name();
        // Set by the API from a configured key name (checked when the keys are read), so met here only in an import's envelope.
        RuleFor(c => c.RecordedThrough).Name().When(c => c.RecordedThrough is not null);
        RuleFor(c => c.Sources).NotEmpty().WithMessage("at least one source is required: auditors reject an unsourced fact.")
            .Must(s => s.Count <= MaxSources).WithMessage($"at most {MaxSources} sources may be given.");
        RuleForEach(c => c.Sources).ChildRules(source =>
        {
            source.RuleFor(s => s.Publisher).Name();
            source.RuleFor(s => s.Title).Text(FieldRules.LongText);
            source.RuleFor(s => s.Url).OptionalName(FieldRules.LongText)
                .Must(u => u is null || (Uri.TryCreate(u, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)))
                .WithMessage("'{PropertyName}' must be an absolute http(s) URL.");
            source.RuleFor(s => s.Reference).OptionalName();
            source.RuleFor(s => s.PublishedOn).PastDate(clock).When(s => s.PublishedOn is not null);
        }).When((c, context) => VouchedSources.MustCheck(c.Sources, VouchedSources.Of(context), context.RootContextData.ContainsKey(FieldRules.AsRecorded), clock)); // a run's memo of sources that passed them (an import's)
    }
}

internal sealed class OldEstablishRelationsValidator : AbstractValidator<EstablishRelations>
{
    public OldEstablishRelationsValidator()
    {
        this.TwoParties(c => c.PartyA, c => c.PartyB);
    }
}

internal sealed class OldRestoreRelationsValidator : AbstractValidator<RestoreRelations>
{
    public OldRestoreRelationsValidator()
    {
        this.TwoParties(c => c.PartyA, c => c.PartyB);
    }
}

internal sealed class OldSeverRelationsValidator : AbstractValidator<SeverRelations>
{
    public OldSeverRelationsValidator()
    {
        this.TwoParties(c => c.PartyA, c => c.PartyB);
        RuleFor(c => c.Reason).OptionalText(FieldRules.LongText);
    }
}

internal sealed class OldImposeSanctionsValidator : AbstractValidator<ImposeSanctions>
{
    public OldImposeSanctionsValidator()
    {
        this.TwoParties(c => c.Actor, c => c.Counterpart);
        RuleFor(c => c.Programme).Name();
        RuleFor(c => c.Scope).Text(FieldRules.LongText);
    }
}

internal sealed class OldLiftSanctionsValidator : AbstractValidator<LiftSanctions>
{
    public OldLiftSanctionsValidator()
    {
        this.TwoParties(c => c.Actor, c => c.Counterpart);
        RuleFor(c => c.Programme).Name();
    }
}

internal sealed class OldImposeDesignationValidator : OldDesignationValidator<ImposeDesignation>;

internal sealed class OldReinstateDesignationValidator : OldDesignationValidator<ReinstateDesignation>;

internal sealed class OldRemoveDesignationValidator : OldDesignationValidator<RemoveDesignation>;

internal sealed class OldSuspendDesignationValidator : OldDesignationValidator<SuspendDesignation>;

internal static class OldMissionRules
{
    /// <summary>Round 69's rules of a protecting power (a third party, an interests section's alone), in this form for the oracle.</summary>
    public static void ProtectingPowerOfAThirdParty<T>(this AbstractValidator<T> validator, System.Linq.Expressions.Expression<Func<T, string>> actor,
        System.Linq.Expressions.Expression<Func<T, string>> counterpart, Func<T, string> level, System.Linq.Expressions.Expression<Func<T, string?>> protectingPower)
    {
        var power = protectingPower.Compile();
        bool New(T c, ValidationContext<T> context) => power(c) is not null && !context.RootContextData.ContainsKey(FieldRules.AsRecorded);
        validator.RuleFor(protectingPower).NotEqual(actor!).WithMessage(FieldRules.ProtectingPowerOfThePair).When(New);
        validator.RuleFor(protectingPower).NotEqual(counterpart!).WithMessage(FieldRules.ProtectingPowerOfThePair).When(New);
        validator.RuleFor(protectingPower)
            .Must((c, _) => !(Domain.Names.TryParse<MissionLevel>(level(c), out var parsed) && parsed != MissionLevel.InterestsSection))
            .WithMessage(c => FieldRules.ProtectingPowerOfAnotherLevel(level(c))).When(New);
    }
}
