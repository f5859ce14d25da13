using System.Collections.Immutable;

namespace RelationsLedger.Domain.State;

/// <summary>The list operations the aspects' transitions are written with.</summary>
public static class ItemLists
{
    /// <summary>Lists, programmes, titles: matched without regard to case or surrounding blanks.</summary>
    public static bool SameTitle(string a, string b) => string.Equals(a.Trim(), b.Trim(), StringComparison.OrdinalIgnoreCase);

    /// <summary>Replaces the first item with the same key, or adds the item.</summary>
    public static ListEdit<T> Upsert<T>(this ImmutableList<T> items, Predicate<T> sameKey, T item)
    {
        var index = items.FindIndex(sameKey);
        return index < 0 ? items.AddAtEnd(item) : new(items.SetItem(index, item), index);
    }

    /// <summary>Adds the item at the end.</summary>
    public static ListEdit<T> AddAtEnd<T>(this ImmutableList<T> items, T item) => new(items.Add(item), items.Count);

    /// <summary>
    /// Changes the one matching item of a list whose items are unique by what <paramref name="match"/> asks (so the first
    /// match is the only one); the list as it was when none matches. Searched from the end, where the item a later event
    /// changes usually is: a long relationship keeps every nomination it ever had, and walking them from the first for
    /// each accreditation was ~4 % of a 1M rebuild's samples (issue #16, round 29).
    /// </summary>
    public static ListEdit<T> ChangeTheOne<T>(this ImmutableList<T> items, Predicate<T> match, Func<T, T> change) =>
        Change(items, items.FindLastIndex(match), change);

    /// <summary>Changes the first matching item; the list as it was when none matches.</summary>
    public static ListEdit<T> ChangeWhere<T>(this ImmutableList<T> items, Predicate<T> match, Func<T, T> change) =>
        Change(items, items.FindIndex(match), change);

    private static ListEdit<T> Change<T>(ImmutableList<T> items, int index, Func<T, T> change) =>
        index < 0 ? new(items, -1) : new(items.SetItem(index, change(items[index])), index);
}
