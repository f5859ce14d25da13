using System.ComponentModel;
using RelationsLedger.Application.Commands.Recording;
using RelationsLedger.Application.Storage;
using RelationsLedger.Domain.Aspects;
using RelationsLedger.Domain.Events;
using RelationsLedger.Domain.Parties;

namespace RelationsLedger.Application.Commands.Designations;

[Description("Records DesignationSuspended. The actor suspends the listing (still listed, not in force), under an authority such as a court; refused unless the listing is in force on that date.")]
public sealed record SuspendDesignation(string Actor, string Counterpart, string List, string Authority, string? Reference = null)
    : RecordCommand<DesignationSuspended>, IRecords<SuspendDesignation, DesignationSuspended>, IDesignationCommand
{
    public override (string A, string B) Parties() => (Actor, Counterpart);

    public override DesignationSuspended ToEvent(RelationshipHistory history) => new(Actor, Counterpart, List.Trim(), Authority.Trim(), Reference?.Trim());

    public static SuspendDesignation From(DesignationSuspended e, RelationshipKey key) => new(e.Actor, e.Counterpart, e.List, e.Authority, e.Reference);
}

public sealed class SuspendDesignationValidator : DesignationValidator<SuspendDesignation>;
