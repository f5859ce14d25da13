using RelationsLedger.Domain.State;
using RelationsLedger.Domain.Time;

namespace RelationsLedger.Application.Queries.RelationshipState;

public enum ItemStatus { InForce, Ended }

/// <summary>
/// One item of a relationship's state as of a date: whether it is in force, how certain that
/// is (a partial date may straddle the day), and the item with the events that made it so.
/// </summary>
public sealed record ItemView<T>(ItemStatus Status, Certainty Certainty, T Item) where T : ITenure
{
    public static ItemView<T> Of(T item, DateOnly asOf) =>
        new(item.InForce() ? ItemStatus.InForce : ItemStatus.Ended, item.CertaintyAsOf(asOf), item);
}

/// <summary>
/// The state of a relationship as of a day (effective time), as the ledger knew it at a moment
/// (transaction time; null: everything recorded so far).
/// </summary>
public sealed record RelationshipStateView(
    string Relationship,
    string Stream,
    string AsOf,
    DateTimeOffset? KnownAt,
    DiplomaticRelations? Relations,
    IReadOnlyList<ItemView<Recognition>> Recognitions,
    IReadOnlyList<ItemView<Designation>> Designations,
    IReadOnlyList<ItemView<AmbassadorTenure>> Ambassadors,
    IReadOnlyList<ItemView<Nomination>> Nominations,
    IReadOnlyList<ItemView<Mission>> Missions,
    IReadOnlyList<ItemView<SanctionsRegime>> Sanctions,
    IReadOnlyList<ItemView<Agreement>> Agreements,
    IReadOnlyList<ItemView<Pledge>> Pledges,
    IReadOnlyList<ItemView<Project>> Projects,
    IReadOnlyList<Engagement> Engagements,
    IReadOnlyList<Statement> Statements)
{
    /// <summary>The read model the answer came from (null when answered by replaying the log).</summary>
    public ReadModelFreshness? ReadModel { get; init; }

    public static RelationshipStateView Of(Domain.State.RelationshipState s, DateOnly asOf, DateTimeOffset? knownAt)
    {
        IReadOnlyList<ItemView<T>> Items<T>(IEnumerable<T> items) where T : ITenure => items.Select(i => ItemView<T>.Of(i, asOf)).ToList();
        return new(s.Key.ToString(), s.Key.StreamName, asOf.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), knownAt,
            s.Relations, Items(s.Recognitions), Items(s.Designations), Items(s.Ambassadors), Items(s.Nominations), Items(s.Missions),
            Items(s.Sanctions), Items(s.Agreements), Items(s.Pledges), Items(s.Projects), s.Engagements, s.Statements);
    }
}
