using System.ComponentModel;
using FluentValidation;
using RelationsLedger.Application.Commands.Recording;
using RelationsLedger.Application.Storage;
using RelationsLedger.Domain.Events;

namespace RelationsLedger.Application.Commands.Projects;

/// <summary>Records <see cref="ProjectLaunched"/>. A proposed project starts; refused unless it is proposed and neither launched nor cancelled.</summary>
[Description("Records ProjectLaunched. A proposed project starts; refused unless it is proposed and neither launched nor cancelled.")]
public sealed record LaunchProject(string Actor, string Counterpart, string Title) : RecordCommand
{
    public override (string A, string B) Parties() => (Actor, Counterpart);

    public override IRelationshipEvent ToEvent(RelationshipHistory history) => new ProjectLaunched(Actor, Counterpart, Title.Trim());
}

public sealed class LaunchProjectValidator : AbstractValidator<LaunchProject>
{
    public LaunchProjectValidator()
    {
        this.TwoParties(c => c.Actor, c => c.Counterpart);
        RuleFor(c => c.Title).Text();
    }
}
