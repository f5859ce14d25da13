using System.ComponentModel;
using FluentValidation;
using RelationsLedger.Application.Commands.Recording;
using RelationsLedger.Application.Storage;
using RelationsLedger.Domain.Events;

namespace RelationsLedger.Application.Commands.Projects;

/// <summary>Records <see cref="ProjectProposed"/>. The actor proposes a project with the counterpart; refused while a live project has that title.</summary>
[Description("Records ProjectProposed. The actor proposes a project with the counterpart; refused while a live project has that title.")]
public sealed record ProposeProject(string Actor, string Counterpart, string Sector, string Title) : RecordCommand
{
    public override (string A, string B) Parties() => (Actor, Counterpart);

    public override IRelationshipEvent ToEvent(RelationshipHistory history) => new ProjectProposed(Actor, Counterpart, Sector.Trim(), Title.Trim());
}

public sealed class ProposeProjectValidator : AbstractValidator<ProposeProject>
{
    public ProposeProjectValidator()
    {
        this.TwoParties(c => c.Actor, c => c.Counterpart);
        RuleFor(c => c.Sector).Text();
        RuleFor(c => c.Title).Text();
    }
}
