using System.Collections.Immutable;
using RelationsLedger.Domain.Time;

namespace RelationsLedger.Domain.State;

/// <summary>
/// The latest <see cref="Keep"/> items of their kind, in timeline order (engagements, statements). As of a day each shows as
/// <typeparamref name="TView"/>: the item's fields and how certain it is that it had happened by then (<see cref="ISingleView"/>).
/// </summary>
public sealed class LatestKind<T, TView>(string name, int code, string title, int keep) : ItemKind<T>(name, code, title, KindShape.Latest), ILatestKind
    where T : class, IStateItem where TView : class, ISingleView
{
    public int Keep { get; } = keep;

    /// <summary>The item's status word and date: <c>held</c> on 2022-06.</summary>
    public required Func<T, (string Status, PartialDate On)> Status { get; init; }

    /// <summary>The item as of a day, with how certain it is that it had happened by then.</summary>
    public required Func<T, Certainty, TView> View { get; init; }

    public override Type SectionType => typeof(IReadOnlyList<TView>);

    public override (string Status, PartialDate Date) StatusOf(object item) => Status((T)item);

    public override IReadOnlyList<object> ItemsIn(RelationshipState state) => state.Get(this);

    internal override object? SlotOf(IEnumerable<object> items) => ImmutableList.CreateRange(items.Cast<T>());

    internal override object? EmptySlot => ImmutableList<T>.Empty;

    internal override object? EmptySection => new List<TView>();

    internal override object? SectionOf(RelationshipState state, DateOnly asOf)
    {
        var items = state.Get(this);
        var section = new List<TView>(items.Count);
        foreach (var item in items) section.Add((TView)ViewOf(item, asOf));
        return section;
    }

    /// <summary>
    /// Certain once its date lies wholly on or before the day; possible while a month or a year straddles it — a forum of
    /// <c>2025-05</c> may not yet have been held on 2025-05-10 (docs/projections.md, "Certainty"). The state keeps an item
    /// from its date's first day, so an answer without the word said it was held for certain.
    /// </summary>
    public override object ViewOf(object item, DateOnly asOf) => View((T)item, Status((T)item).On.CertaintyAsOf(asOf));

    internal override object? SectionOfViews(int count, IEnumerable<object> views) => ListOf<TView>(count, views);
}
