namespace RelationsLedger.Cli.Output;

/// <summary>
/// Party ids are case-sensitive: <c>ru</c> is an organisation's slug, not Russia (<c>RU</c>). An answer about a relationship
/// (or, across relationships, about a party) that holds nothing, asked with a party of two lower-case letters, most likely
/// means a state's ISO code typed in lower case: the empty answer is true of what was asked about, and this note says which
/// one that was.
/// </summary>
public static class PartyCase
{
    /// <summary>The note for a relationship key (<c>de~fr</c>), a stream name (<c>relationship-de~fr</c>) or one party (<c>ru</c>), or null when no party looks like a lower-cased code.</summary>
    public static string? Note(string relationship)
    {
        var key = relationship.StartsWith("relationship-", StringComparison.Ordinal) ? relationship["relationship-".Length..] : relationship;
        var codes = key.Split('~').Where(p => p.Length == 2 && char.IsAsciiLetterLower(p[0]) && char.IsAsciiLetterLower(p[1])).ToList();
        if (codes.Count == 0) return null;
        var named = string.Join(" and ", codes.Select(c => $"'{c}'"));
        return $"Note: {named} {(codes.Count == 1 ? "is an organisation's slug" : "are organisations' slugs")} (lower case); " +
            $"a state's ISO code is upper case: {string.Join(", ", codes.Select(c => c.ToUpperInvariant()))}. Party ids are case-sensitive.";
    }
}
