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
        var ids = shown.Distinct().Select(id => id.ToString()).ToList();
        var cuts = Enumerable.Range(4, LastGroup - 3).Select(Ends).Prepend(FirstGroup);
        foreach (var cut in cuts)
            if (ids.Select(cut).Distinct(StringComparer.Ordinal).Count() == ids.Count)
            {
                _cut = cut;
                return;
            }
    }

    public string Of(Guid id) => _cut(id.ToString());

    private static string FirstGroup(string id) => id[..Prefix];

    private static Func<string, string> Ends(int digits) => id => $"{id[..Prefix]}…{id[^digits..]}";

    private static string Whole(string id) => id;
}
