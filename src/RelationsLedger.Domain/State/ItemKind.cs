using System.Collections.Immutable;
using RelationsLedger.Domain.Time;

namespace RelationsLedger.Domain.State;

/// <summary>
/// One kind of item a relationship's state holds — its single declaration. Everything that shows or
/// stores the state is derived from the kinds of <c>RelationshipModel.Kinds</c>: the state's slots, the
/// view as of a day, the audit diff, the read model's rows and indexes, the projection's diff and the
/// CLI's table. A kind is declared once, in its aspect's file (see docs/architecture.md).
/// </summary>
public abstract class ItemKind
{
    private protected ItemKind(string name, int code, string title, KindShape shape, Type itemType)
    {
        if (code is < 0 or > 255) throw new ArgumentOutOfRangeException(nameof(code), code, "a kind's code is 0..255");
        (Name, Code, Title, Shape, ItemType) = (name, code, title, shape, itemType);
    }

    /// <summary>The section's name in views, diffs and timelines (JSON): <c>designations</c>.</summary>
    public string Name { get; }

    /// <summary>The kind's slot in the state and its number in the read model's rows: never reused, never changed.</summary>
    public int Code { get; }

    /// <summary>How a table names one item of the kind: <c>Designation</c>.</summary>
    public string Title { get; }

    public KindShape Shape { get; }

    public Type ItemType { get; }

    /// <summary>The type of the kind's section in a view as of a day (see <see cref="StateSections"/>).</summary>
    public abstract Type SectionType { get; }

    /// <summary>What identifies an item across two states (the audit diff matches items by it).</summary>
    public abstract string IdentityOf(object item);

    /// <summary>How an item is named in the audit diff: <c>RU · Federal list of terrorist organisations</c>.</summary>
    public abstract string LabelOf(object item);

    /// <summary>How an item reads in a table: <c>RU lists taliban on 'Federal list…' (Supreme Court)</c>.</summary>
    public abstract string Describe(object item);

    public abstract IndexColumns IndexOf(object item);

    /// <summary>The word for an item that holds: <c>in force</c>, <c>pending</c>; for a single item or one of the latest, its own word.</summary>
    public virtual string HoldsWord => "in force";

    /// <summary>
    /// Its items are moments (a pledge given on a day) rather than spans of time: a timeline draws them as points.
    /// The latest kinds (engagements, statements) always are.
    /// </summary>
    public bool Momentary
    {
        get => _momentary || Shape == KindShape.Latest;
        init => _momentary = value;
    }

    private readonly bool _momentary;

    /// <summary>Its items are done by one party to the other (it declares an index by actor): a panel gives it a column per direction.</summary>
    public abstract bool Directed { get; }

    /// <summary>
    /// How a dyad-period panel (docs/panel.md) shows the kind: the column's name and meaning, with <c>{a}</c> and
    /// <c>{b}</c> for the two parties, and whether a cell is a value of the item that holds or a count.
    /// </summary>
    public abstract PanelColumn PanelColumn { get; }

    /// <summary>The panel value of an item of a kind whose cells are values (see <see cref="PanelColumn"/>).</summary>
    public abstract string PanelValueOf(object item);

    /// <summary>For a single item or one of the latest items: its status word and date (<c>held</c>, 2022-06). Tenures say theirs through <see cref="ItemView{T}"/>.</summary>
    public virtual (string Status, PartialDate Date) StatusOf(object item) =>
        throw new InvalidOperationException($"Items of the kind {Name} have a status as of a day, not one of their own.");

    /// <summary>The items of the kind in a state, in list order.</summary>
    public abstract IReadOnlyList<object> ItemsIn(RelationshipState state);

    /// <summary>The kind's slot in a state made of <paramref name="items"/> (in list order).</summary>
    internal abstract object? SlotOf(IEnumerable<object> items);

    internal abstract object? EmptySlot { get; }

    /// <summary>The kind's section of a view of an empty state.</summary>
    internal abstract object? EmptySection { get; }

    /// <summary>The kind's section of a view as of <paramref name="asOf"/>: the item, its items with status and certainty, or its latest items.</summary>
    internal abstract object? SectionOf(RelationshipState state, DateOnly asOf);

    /// <summary>
    /// How one item of the kind shows in a view as of <paramref name="asOf"/>: a tenure with its status and certainty
    /// (<see cref="ItemView{T}"/>), the single item and one of the latest with its certainty (<see cref="ISingleView"/>) —
    /// what <see cref="SectionOf"/> makes of each item.
    /// </summary>
    public abstract object ViewOf(object item, DateOnly asOf);

    /// <summary>The kind's section made of its <paramref name="count"/> items' views (<see cref="ViewOf"/>), in list order.</summary>
    internal abstract object? SectionOfViews(int count, IEnumerable<object> views);

    /// <summary>A list section of <paramref name="count"/> views, filled once from <paramref name="views"/> (the held rows' answer: no resizing).</summary>
    private protected static List<TView> ListOf<TView>(int count, IEnumerable<object> views)
    {
        var section = new List<TView>(count);
        foreach (var view in views) section.Add((TView)view);
        return section;
    }

    public override string ToString() => Name;
}

/// <summary>A kind of item of type <typeparamref name="T"/>: how its items are identified, named, described and indexed.</summary>
public abstract class ItemKind<T> : ItemKind where T : class, IStateItem
{
    private protected ItemKind(string name, int code, string title, KindShape shape) : base(name, code, title, shape, typeof(T))
    {
    }

    private static readonly Func<T, IndexColumns> NoIndex = _ => default;
    private readonly Func<T, IndexColumns>? _index;

    public required Func<T, string> Identity { get; init; }
    public required Func<T, string> Label { get; init; }
    public required Func<T, string> Describes { get; init; }

    public Func<T, IndexColumns> Index
    {
        get => _index ?? NoIndex;
        init => _index = value;
    }

    /// <summary>How a panel shows an item of the kind when its cell is the item's own value (a mission's level); null: the default (see <see cref="ItemKind.PanelColumn"/>).</summary>
    public PanelCell<T>? Panel { get; init; }

    public override bool Directed => _index is not null;

    public override PanelColumn PanelColumn => Panel is { } p
        ? new(p.Column, p.Meaning, PanelCellKind.Value)
        : RelationsLedger.Domain.State.PanelColumn.Default(this);

    public override string PanelValueOf(object item) => Panel is { } p ? p.Value((T)item) : StatusOf(item).Status;

    public override string IdentityOf(object item) => Identity((T)item);
    public override string LabelOf(object item) => Label((T)item);
    public override string Describe(object item) => Describes((T)item);
    public override IndexColumns IndexOf(object item) => Index((T)item);
}
