using System.ComponentModel;
using RelationsLedger.Application.Commands.Recording;
using RelationsLedger.Application.Storage;
using RelationsLedger.Domain.Aspects;
using RelationsLedger.Domain.Events;
using RelationsLedger.Domain.Parties;

namespace RelationsLedger.Application.Commands.Projects;

[Description("Records ProjectLaunched. A proposed project starts; refused unless it is proposed and neither launched nor cancelled.")]
public sealed record LaunchProject(string Actor, string Counterpart, string Title)
    : RecordCommand<ProjectLaunched>, IRecords<LaunchProject, ProjectLaunched>
{
    public override (string A, string B) Parties() => (Actor, Counterpart);

    public override ProjectLaunched ToEvent(RelationshipHistory history) => new(Actor, Counterpart, Title.Trim());

    public static LaunchProject From(ProjectLaunched e, RelationshipKey key) => new(e.Actor, e.Counterpart, e.Title);
}

public sealed class LaunchProjectValidator : OneRuleValidator<LaunchProject>
{
    protected override void Check(LaunchProject c, OneRule<LaunchProject> rule)
    {
        rule.TwoParties(nameof(c.Actor), c.Actor, nameof(c.Counterpart), c.Counterpart);
        rule.Name(nameof(c.Title), c.Title);
    }
}
