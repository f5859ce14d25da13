using System.ComponentModel;
using FluentValidation;
using RelationsLedger.Application.Commands.Recording;
using RelationsLedger.Application.Storage;
using RelationsLedger.Domain.Events;

namespace RelationsLedger.Application.Commands.Mends;

/// <summary>
/// Records <see cref="EntryRetracted"/>: withdraws an earlier event of the relationship from now
/// on. The event itself stays in the record; refused when it was retracted already.
/// </summary>
[Description("Records EntryRetracted: withdraws an earlier event of the relationship from now on. The event itself stays in the record; refused when it was retracted already.")]
public sealed record RetractEntry(string PartyA, string PartyB, string Target, string Reason) : RecordCommand
{
    public override (string A, string B) Parties() => (PartyA, PartyB);

    public override IRelationshipEvent ToEvent(RelationshipHistory history) => new EntryRetracted(Guid.Parse(Target), Reason.Trim());
}

public sealed class RetractEntryValidator : AbstractValidator<RetractEntry>
{
    public RetractEntryValidator()
    {
        this.TwoParties(c => c.PartyA, c => c.PartyB);
        RuleFor(c => c.Target).EventId();
        RuleFor(c => c.Reason).Text(Rules.LongText);
    }
}
