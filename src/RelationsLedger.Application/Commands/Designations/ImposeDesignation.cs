using System.ComponentModel;
using FluentValidation;
using RelationsLedger.Application.Commands.Recording;
using RelationsLedger.Application.Storage;
using RelationsLedger.Domain.Events;

namespace RelationsLedger.Application.Commands.Designations;

/// <summary>Records <see cref="DesignationImposed"/>. The actor lists the counterpart on a list under a legal authority; refused while the same listing is in force.</summary>
[Description("Records DesignationImposed. The actor lists the counterpart on a list under a legal authority; refused while the same listing is in force.")]
public sealed record ImposeDesignation(string Actor, string Counterpart, string List, string Authority, string? Reference = null) : RecordCommand
{
    public override (string A, string B) Parties() => (Actor, Counterpart);

    public override IRelationshipEvent ToEvent(RelationshipHistory history) => new DesignationImposed(Actor, Counterpart, List.Trim(), Authority.Trim(), Reference?.Trim());
}

public sealed class ImposeDesignationValidator : AbstractValidator<ImposeDesignation>
{
    public ImposeDesignationValidator()
    {
        this.TwoParties(c => c.Actor, c => c.Counterpart);
        RuleFor(c => c.List).Text();
        RuleFor(c => c.Authority).Text();
        RuleFor(c => c.Reference).OptionalText();
    }
}
