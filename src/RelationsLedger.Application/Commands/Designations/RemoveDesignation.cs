using System.ComponentModel;
using RelationsLedger.Application.Commands.Recording;
using RelationsLedger.Application.Storage;
using RelationsLedger.Domain.Aspects;
using RelationsLedger.Domain.Events;
using RelationsLedger.Domain.Parties;

namespace RelationsLedger.Application.Commands.Designations;

[Description("Records DesignationRemoved. The actor delists the counterpart; refused unless the listing is in force on that date.")]
public sealed record RemoveDesignation(string Actor, string Counterpart, string List, string Authority, string? Reference = null)
    : RecordCommand<DesignationRemoved>, IRecords<RemoveDesignation, DesignationRemoved>, IDesignationCommand
{
    public override (string A, string B) Parties() => (Actor, Counterpart);

    public override DesignationRemoved ToEvent(RelationshipHistory history) => new(Actor, Counterpart, List.Trim(), Authority.Trim(), Reference?.Trim());

    public static RemoveDesignation From(DesignationRemoved e, RelationshipKey key) => new(e.Actor, e.Counterpart, e.List, e.Authority, e.Reference);
}

public sealed class RemoveDesignationValidator : DesignationValidator<RemoveDesignation>;
