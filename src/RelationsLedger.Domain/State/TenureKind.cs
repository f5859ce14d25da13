using System.Collections.Immutable;
using RelationsLedger.Domain.Time;

namespace RelationsLedger.Domain.State;

/// <summary>Items that come into force and may end: shown with their status and how certain it is as of a day.</summary>
public sealed class TenureKind<T>(string name, int code, string title) : ItemKind<T>(name, code, title, KindShape.Tenures) where T : class, ITenure
{
    /// <summary>The word for an item that holds (is not ended or otherwise out of force): <c>in force</c>, <c>pending</c>.</summary>
    public string Holds { get; init; } = "in force";

    public override string HoldsWord => Holds;

    public override Type SectionType => typeof(IReadOnlyList<ItemView<T>>);

    public override IReadOnlyList<object> ItemsIn(RelationshipState state) => state.Get(this);

    internal override object? SlotOf(IEnumerable<object> items) => ImmutableList.CreateRange(items.Cast<T>());

    internal override object? EmptySlot => ImmutableList<T>.Empty;

    internal override object? EmptySection => new List<ItemView<T>>();

    internal override object? SectionOf(RelationshipState state, DateOnly asOf) =>
        state.Get(this).Select(item => ItemView<T>.Of(item, asOf)).ToList();

    public override object ViewOf(object item, DateOnly asOf) => ItemView<T>.Of((T)item, asOf);

    internal override object? SectionOfViews(int count, IEnumerable<object> views) => ListOf<ItemView<T>>(count, views);
}
