using RelationsLedger.Domain.Aspects;

namespace RelationsLedger.Domain.State;

/// <summary>
/// A relationship's state as of a day, kind by kind: a single item with the certainty of its status, tenures with their status
/// and its certainty (<see cref="ItemView{T}"/>), the latest items with theirs. Each aspect offers its
/// section as a property of any <see cref="IStateView"/> (<c>view.Designations</c>).
/// </summary>
public sealed class StateSections
{
    private readonly object?[] _sections;

    private StateSections(object?[] sections) => _sections = sections;

    public static StateSections Of(RelationshipState state, DateOnly asOf)
    {
        var sections = new object?[RelationshipModel.SlotCount];
        foreach (var kind in RelationshipModel.Kinds) sections[kind.Code] = kind.SectionOf(state, asOf);
        return new(sections);
    }

    /// <summary>
    /// The sections of a state made of <paramref name="viewsByKind"/>, at each kind's code how many items it has and their
    /// views (<see cref="ItemKind.ViewOf"/>) in list order (null views: none) — the same view as
    /// <see cref="Of(RelationshipState, DateOnly)"/> gives of a state holding those items, without the state between (the
    /// read model's held rows answer so). The views are enumerated once, straight into the section.
    /// </summary>
    public static StateSections OfViews((int Count, IEnumerable<object>? Views)[] viewsByKind)
    {
        var sections = new object?[RelationshipModel.SlotCount];
        foreach (var kind in RelationshipModel.Kinds)
            sections[kind.Code] = viewsByKind[kind.Code] is (var count, { } views) ? kind.SectionOfViews(count, views) : kind.SectionOfViews(0, []);
        return new(sections);
    }

    /// <summary>Sections as read back (from JSON), by kind; a kind left out reads as empty.</summary>
    public static StateSections Of(IReadOnlyDictionary<ItemKind, object?> sections)
    {
        var all = new object?[RelationshipModel.SlotCount];
        foreach (var kind in RelationshipModel.Kinds)
            all[kind.Code] = sections.TryGetValue(kind, out var s) ? s : kind.EmptySection;
        return new(all);
    }

    /// <summary>The section of a kind, untyped (its type is <see cref="ItemKind.SectionType"/>).</summary>
    public object? this[ItemKind kind] => _sections[kind.Code];

    public TView? Single<T, TView>(SingleKind<T, TView> kind) where T : class, IStateItem where TView : class, ISingleView => (TView?)_sections[kind.Code];

    public IReadOnlyList<ItemView<T>> Tenures<T>(TenureKind<T> kind) where T : class, ITenure => (IReadOnlyList<ItemView<T>>)_sections[kind.Code]!;

    public IReadOnlyList<TView> Latest<T, TView>(LatestKind<T, TView> kind) where T : class, IStateItem where TView : class, ISingleView =>
        (IReadOnlyList<TView>)_sections[kind.Code]!;
}
