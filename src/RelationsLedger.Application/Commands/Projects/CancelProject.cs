using System.ComponentModel;
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

public sealed class CancelProjectValidator : OneRuleValidator<CancelProject>
{
    protected override void Check(CancelProject c, OneRule<CancelProject> rule)
    {
        rule.TwoParties(nameof(c.Actor), c.Actor, nameof(c.Counterpart), c.Counterpart);
        rule.Name(nameof(c.Title), c.Title);
        rule.OptionalText(nameof(c.Reason), c.Reason, FieldRules.LongText);
    }
}
