using System.ComponentModel;
using FluentValidation;
using RelationsLedger.Application.Commands.Recording;
using RelationsLedger.Application.Storage;
using RelationsLedger.Domain.Events;

namespace RelationsLedger.Application.Commands.Designations;

/// <summary>Records <see cref="DesignationRemoved"/>. The actor delists the counterpart; refused unless the listing is in force on that date.</summary>
[Description("Records DesignationRemoved. The actor delists the counterpart; refused unless the listing is in force on that date.")]
public sealed record RemoveDesignation(string Actor, string Counterpart, string List, string Authority, string? Reference = null) : RecordCommand
{
    public override (string A, string B) Parties() => (Actor, Counterpart);

    public override IRelationshipEvent ToEvent(RelationshipHistory history) => new DesignationRemoved(Actor, Counterpart, List.Trim(), Authority.Trim(), Reference?.Trim());
}

public sealed class RemoveDesignationValidator : AbstractValidator<RemoveDesignation>
{
    public RemoveDesignationValidator()
    {
        this.TwoParties(c => c.Actor, c => c.Counterpart);
        RuleFor(c => c.List).Text();
        RuleFor(c => c.Authority).Text();
        RuleFor(c => c.Reference).OptionalText();
    }
}
