namespace RelationsLedger.Cli.Output;

/// <summary>
/// Ids as a table shows them: the UUID's first group (8 hex digits), which tells random ids apart. Ids given by
/// hand often share it (the founding example's differ only in their last digits), and a column of identical
/// short ids would name no event at all: then each is its first group, an ellipsis and as few of its last digits
/// (at least four) as tell every id the table shows apart — <c>4f1c2a8e…7b01</c> — or, failing that, the whole
/// id. <c>--json</c> always gives whole ids.
/// </summary>
public sealed class ShortIds
{
    private const int Prefix = 8;
    private const int LastGroup = 12;
    private readonly Func<string, string> _cut = Whole;

    public ShortIds(IEnumerable<Guid> shown)
    {
        // Loops rather than LINQ over the Guids and over Enumerable.Range: those are generic instantiations over value types
        // that the shipped tool's ahead-of-time image does not hold, compiled at run time by every cold table (docs/performance.md,
        // round 36). An id's text is one to one with the id, so telling the texts apart tells the ids apart.
        var ids = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var id in shown)
        {
            var text = id.ToString();
            if (seen.Add(text)) ids.Add(text);
        }
        foreach (var cut in Cuts())
            if (ids.Select(cut).Distinct(StringComparer.Ordinal).Count() == ids.Count)
            {
                _cut = cut;
                return;
            }
    }

    /// <summary>The first group alone, then with 4, 5, … 12 of the last group's digits.</summary>
    private static IEnumerable<Func<string, string>> Cuts()
    {
        yield return FirstGroup;
        for (var digits = 4; digits <= LastGroup; digits++) yield return Ends(digits);
    }

    public string Of(Guid id) => _cut(id.ToString());

    private static string FirstGroup(string id) => id[..Prefix];

    private static Func<string, string> Ends(int digits) => id => $"{id[..Prefix]}…{id[^digits..]}";

    private static string Whole(string id) => id;
}
