using System.Collections.Immutable;
using RelationsLedger.Domain.Decisions;
using RelationsLedger.Domain.Events;
using RelationsLedger.Domain.State;
using RelationsLedger.Domain.Time;

namespace RelationsLedger.Domain.Aspects;

// Infrastructure or investment projects of one party with the other: proposed, launched, cancelled.
// A title identifies a project within the relationship.

/// <summary>An infrastructure or investment project of the actor with the counterpart; its title identifies it.</summary>
[EventType("ProjectProposed", 1)]
public sealed record ProjectProposed(string Actor, string Counterpart, string Sector, string Title) : IDirectionalEvent;

[EventType("ProjectLaunched", 1)]
public sealed record ProjectLaunched(string Actor, string Counterpart, string Title) : IDirectionalEvent;

[EventType("ProjectCancelled", 1)]
public sealed record ProjectCancelled(string Actor, string Counterpart, string Title, string? Reason) : IDirectionalEvent;

public enum ProjectStage { Proposed, Launched }

public sealed record Project(string Actor, string Counterpart, string Sector, string Title, ProjectStage Stage, PartialDate Since, Guid EventId, Ending? Ended = null) : ITenure;

public static class ProjectsAspect
{
    public static readonly TenureKind<Project> Kind = new("projects", 9, "Project")
    {
        Identity = p => Keys.Of(p.Title),
        Label = p => p.Title,
        Describes = p => $"{p.Title} ({p.Sector}, {Names.Of(p.Stage)})",
        Index = p => new(p.Actor, p.Counterpart),
    };

    extension(RelationshipState s)
    {
        public ImmutableList<Project> Projects => s.Get(Kind);
    }

    extension(IStateView v)
    {
        public IReadOnlyList<ItemView<Project>> Projects => v.Sections.Tenures(Kind);
    }

    private static Predicate<Project> Titled(string title) => p => ItemLists.SameTitle(p.Title, title);

    /// <summary>The live project of that title. One predicate for the whole search: made per item, it cost every project decided ~140 bytes an item.</summary>
    private static Predicate<Project> TitledInForce(string title) => p => ItemLists.SameTitle(p.Title, title) && p.InForce();

    public static readonly Aspect Declared = new("projects", [Kind],
    [
        Transition.Of<ProjectProposed>(
            (s, _, e) => s.Projects.Find(TitledInForce(e.Title)) is { } p
                ? new($"project '{e.Title}' already exists ({Names.Of(p.Stage)} since {p.Since})", p.EventId) : null,
            (s, f, e) => s.With(Kind, s.Projects.Upsert(Titled(e.Title), new(e.Actor, e.Counterpart, e.Sector, e.Title, ProjectStage.Proposed, f.EffectiveDate, f.EventId)))),
        Transition.Of<ProjectLaunched>(
            (s, f, e) => s.Projects.Find(Titled(e.Title)) switch
            {
                null => new($"no project '{e.Title}' has been proposed by {f.EffectiveDate}"),
                { Ended: { } ended } => new($"project '{e.Title}' was cancelled on {ended.On}", ended.EventId),
                { Stage: ProjectStage.Launched } p => new($"project '{e.Title}' was already launched on {p.Since}", p.EventId),
                _ => null,
            },
            (s, f, e) => s.With(Kind, s.Projects.ChangeWhere(TitledInForce(e.Title), p => p with { Stage = ProjectStage.Launched, Since = f.EffectiveDate, EventId = f.EventId }))),
        Transition.Of<ProjectCancelled>(
            (s, f, e) => Rules.MayEnd(s.Projects.Find(Titled(e.Title)), $"no live project '{e.Title}' exists on {f.EffectiveDate}"),
            (s, f, e) => s.With(Kind, s.Projects.ChangeWhere(TitledInForce(e.Title), p => p with { Ended = Fold.End(f, e.Reason) }))),
    ]);
}
