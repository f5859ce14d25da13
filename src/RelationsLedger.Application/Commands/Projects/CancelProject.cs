using System.ComponentModel;
using FluentValidation;
using RelationsLedger.Application.Commands.Recording;
using RelationsLedger.Application.Storage;
using RelationsLedger.Domain.Events;

namespace RelationsLedger.Application.Commands.Projects;

/// <summary>Records <see cref="ProjectCancelled"/>. A project is cancelled; refused unless it is live on that date.</summary>
[Description("Records ProjectCancelled. A project is cancelled; refused unless it is live on that date.")]
public sealed record CancelProject(string Actor, string Counterpart, string Title, string? Reason = null) : RecordCommand
{
    public override (string A, string B) Parties() => (Actor, Counterpart);

    public override IRelationshipEvent ToEvent(RelationshipHistory history) => new ProjectCancelled(Actor, Counterpart, Title.Trim(), Reason?.Trim());
}

public sealed class CancelProjectValidator : AbstractValidator<CancelProject>
{
    public CancelProjectValidator()
    {
        this.TwoParties(c => c.Actor, c => c.Counterpart);
        RuleFor(c => c.Title).Text();
        RuleFor(c => c.Reason).OptionalText(Rules.LongText);
    }
}
