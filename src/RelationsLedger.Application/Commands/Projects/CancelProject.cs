using System.ComponentModel;
using FluentValidation;
using RelationsLedger.Application.Commands.Recording;
using RelationsLedger.Application.Storage;
using RelationsLedger.Domain.Aspects;
using RelationsLedger.Domain.Events;
using RelationsLedger.Domain.Parties;

namespace RelationsLedger.Application.Commands.Projects;

[Description("Records ProjectCancelled. A project is cancelled; refused unless it is live on that date.")]
public sealed record CancelProject(string Actor, string Counterpart, string Title, string? Reason = null)
    : RecordCommand<ProjectCancelled>, IRecords<CancelProject, ProjectCancelled>
{
    public override (string A, string B) Parties() => (Actor, Counterpart);

    public override ProjectCancelled ToEvent(RelationshipHistory history) => new(Actor, Counterpart, Title.Trim(), Reason?.Trim());

    public static CancelProject From(ProjectCancelled e, RelationshipKey key) => new(e.Actor, e.Counterpart, e.Title, e.Reason);
}

public sealed class CancelProjectValidator : AbstractValidator<CancelProject>
{
    public CancelProjectValidator()
    {
        this.TwoParties(c => c.Actor, c => c.Counterpart);
        RuleFor(c => c.Title).Name();
        RuleFor(c => c.Reason).OptionalText(FieldRules.LongText);
    }
}
