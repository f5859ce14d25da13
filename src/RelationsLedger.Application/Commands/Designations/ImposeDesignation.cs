using System.ComponentModel;
using RelationsLedger.Application.Commands.Recording;
using RelationsLedger.Application.Storage;
using RelationsLedger.Domain.Aspects;
using RelationsLedger.Domain.Events;
using RelationsLedger.Domain.Parties;

namespace RelationsLedger.Application.Commands.Designations;

[Description("Records DesignationImposed. The actor lists the counterpart on a list under a legal authority; refused while the same listing is in force.")]
public sealed record ImposeDesignation(string Actor, string Counterpart, string List, string Authority, string? Reference = null)
    : RecordCommand<DesignationImposed>, IRecords<ImposeDesignation, DesignationImposed>, IDesignationCommand
{
    public override (string A, string B) Parties() => (Actor, Counterpart);

    public override DesignationImposed ToEvent(RelationshipHistory history) => new(Actor, Counterpart, List.Trim(), Authority.Trim(), Reference?.Trim());

    public static ImposeDesignation From(DesignationImposed e, RelationshipKey key) => new(e.Actor, e.Counterpart, e.List, e.Authority, e.Reference);
}

public sealed class ImposeDesignationValidator : DesignationValidator<ImposeDesignation>;
