using System.Collections.Immutable;
using RelationsLedger.Domain.Time;

namespace RelationsLedger.Domain.State;

/// <summary>
/// At most one item: diplomatic relations. Its status word and date are its own. As of a day it shows as
/// <typeparamref name="TView"/>: the item's fields and the certainty of its status then (<see cref="ISingleView"/>).
/// </summary>
public sealed class SingleKind<T, TView>(string name, int code, string title) : ItemKind<T>(name, code, title, KindShape.Single)
    where T : class, IStateItem where TView : class, ISingleView
{
    public required Func<T, (string Status, PartialDate Since)> Status { get; init; }

    /// <summary>The item as of a day, with how certain its status is then.</summary>
    public required Func<T, Certainty, TView> View { get; init; }

    public override Type SectionType => typeof(TView);

    public override (string Status, PartialDate Date) StatusOf(object item) => Status((T)item);

    public override IReadOnlyList<object> ItemsIn(RelationshipState state) => state.Single(this) is { } item ? [item] : [];

    internal override object? SlotOf(IEnumerable<object> items) => items.Cast<T>().SingleOrDefault();

    internal override object? EmptySlot => null;

    internal override object? EmptySection => null;

    internal override object? SectionOf(RelationshipState state, DateOnly asOf) => state.Single(this) is { } item ? ViewOf(item, asOf) : null;

    /// <summary>Certain once the date of its status lies wholly on or before the day (docs/projections.md, "Certainty").</summary>
    public override object ViewOf(object item, DateOnly asOf) =>
        View((T)item, Status((T)item).Since.CertaintyAsOf(asOf));

    internal override object? SectionOfViews(int count, IEnumerable<object> views) => views.Cast<TView>().SingleOrDefault();
}
