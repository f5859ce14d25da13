using System.Collections.Immutable;
using RelationsLedger.Domain.Time;

namespace RelationsLedger.Domain.State;

/// <summary>At most one item: diplomatic relations. Its status word and date are its own.</summary>
public sealed class SingleKind<T>(string name, int code, string title) : ItemKind<T>(name, code, title, KindShape.Single) where T : class, IStateItem
{
    public required Func<T, (string Status, PartialDate Since)> Status { get; init; }

    public override Type SectionType => typeof(T);

    public override (string Status, PartialDate Date) StatusOf(object item) => Status((T)item);

    public override IReadOnlyList<object> ItemsIn(RelationshipState state) => state.Single(this) is { } item ? [item] : [];

    internal override object? SlotOf(IEnumerable<object> items) => items.Cast<T>().SingleOrDefault();

    internal override object? EmptySlot => null;

    internal override object? EmptySection => null;

    internal override object? SectionOf(RelationshipState state, DateOnly asOf) => state.Single(this);

    public override object ViewOf(object item, DateOnly asOf) => item;

    internal override object? SectionOfViews(int count, IEnumerable<object> views) => SlotOf(views);
}
