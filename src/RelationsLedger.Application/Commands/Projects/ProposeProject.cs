using System.ComponentModel;
using RelationsLedger.Application.Commands.Recording;
using RelationsLedger.Application.Storage;
using RelationsLedger.Domain.Aspects;
using RelationsLedger.Domain.Events;
using RelationsLedger.Domain.Parties;

namespace RelationsLedger.Application.Commands.Projects;

[Description("Records ProjectProposed. The actor proposes a project with the counterpart; refused while a live project has that title.")]
public sealed record ProposeProject(string Actor, string Counterpart, string Sector, string Title)
    : RecordCommand<ProjectProposed>, IRecords<ProposeProject, ProjectProposed>
{
    public override (string A, string B) Parties() => (Actor, Counterpart);

    public override ProjectProposed ToEvent(RelationshipHistory history) => new(Actor, Counterpart, Sector.Trim(), Title.Trim());

    public static ProposeProject From(ProjectProposed e, RelationshipKey key) => new(e.Actor, e.Counterpart, e.Sector, e.Title);
}

public sealed class ProposeProjectValidator : OneRuleValidator<ProposeProject>
{
    protected override void Check(ProposeProject c, OneRule<ProposeProject> rule)
    {
        rule.TwoParties(nameof(c.Actor), c.Actor, nameof(c.Counterpart), c.Counterpart);
        rule.Name(nameof(c.Sector), c.Sector);
        rule.Name(nameof(c.Title), c.Title);
    }
}
