using System.Collections.Immutable;
using RelationsLedger.Domain.Time;

namespace RelationsLedger.Domain.State;

/// <summary>The latest <see cref="Keep"/> items of their kind, in timeline order (engagements, statements).</summary>
public sealed class LatestKind<T>(string name, int code, string title, int keep) : ItemKind<T>(name, code, title, KindShape.Latest), ILatestKind where T : class, IStateItem
{
    public int Keep { get; } = keep;

    /// <summary>The item's status word and date: <c>held</c> on 2022-06.</summary>
    public required Func<T, (string Status, PartialDate On)> Status { get; init; }

    public override Type SectionType => typeof(IReadOnlyList<T>);

    public override (string Status, PartialDate Date) StatusOf(object item) => Status((T)item);

    public override IReadOnlyList<object> ItemsIn(RelationshipState state) => state.Get(this);

    internal override object? SlotOf(IEnumerable<object> items) => ImmutableList.CreateRange(items.Cast<T>());

    internal override object? EmptySlot => ImmutableList<T>.Empty;

    internal override object? EmptySection => new List<T>();

    internal override object? SectionOf(RelationshipState state, DateOnly asOf) => state.Get(this).ToList();

    public override object ViewOf(object item, DateOnly asOf) => item;

    internal override object? SectionOfViews(int count, IEnumerable<object> views) => ListOf<T>(count, views);
}
