using System.ComponentModel;
using RelationsLedger.Application.Commands.Recording;
using RelationsLedger.Application.Storage;
using RelationsLedger.Domain.Aspects;
using RelationsLedger.Domain.Events;
using RelationsLedger.Domain.Parties;

namespace RelationsLedger.Application.Commands.Designations;

[Description("Records DesignationReinstated. The suspended listing is in force again; refused unless the listing is suspended on that date.")]
public sealed record ReinstateDesignation(string Actor, string Counterpart, string List, string Authority, string? Reference = null)
    : RecordCommand<DesignationReinstated>, IRecords<ReinstateDesignation, DesignationReinstated>, IDesignationCommand
{
    public override (string A, string B) Parties() => (Actor, Counterpart);

    public override DesignationReinstated ToEvent(RelationshipHistory history) => new(Actor, Counterpart, List.Trim(), Authority.Trim(), Reference?.Trim());

    public static ReinstateDesignation From(DesignationReinstated e, RelationshipKey key) => new(e.Actor, e.Counterpart, e.List, e.Authority, e.Reference);
}

public sealed class ReinstateDesignationValidator : DesignationValidator<ReinstateDesignation>;
