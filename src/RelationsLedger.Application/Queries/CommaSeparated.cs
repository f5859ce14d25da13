using RelationsLedger.Application.Serialization;

namespace RelationsLedger.Application.Queries;

/// <summary>
/// A question's list of names in one parameter, comma-separated (the feed's <c>type</c>, the panel's <c>aspects</c>). An
/// empty item (<c>A,,B</c>, a trailing comma) is refused, naming it: until round 52 of issue #16 it was skipped, so a
/// script whose variable came out empty (<c>type=$T1,$T2</c>) was answered for fewer names than it meant, without a word.
/// </summary>
public static class CommaSeparated
{
    /// <summary>
    /// The names in <paramref name="text"/>, each trimmed, in order and without repeats — none when every item is empty, for
    /// the caller to refuse in its own words; null, with <paramref name="problem"/> set, when some items are empty and others not.
    /// </summary>
    public static IReadOnlyList<string>? Names(string text, string field, out string? problem)
    {
        var items = text.Split(',', StringSplitOptions.TrimEntries);
        var empty = Array.FindIndex(items, i => i.Length == 0);
        problem = empty < 0 || items.All(i => i.Length == 0) ? null
            : $"'{field}' {EchoedText.Quote(text)} has an empty item (item {empty + 1} of {items.Length}): separate names by single commas, with none at either end.";
        return problem is not null ? null : items.Where(i => i.Length > 0).Distinct(StringComparer.Ordinal).ToList();
    }
}
