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
    private readonly int _suffix; // 0: the prefix alone; -1: the whole id

    public ShortIds(IEnumerable<Guid> shown)
    {
        var ids = shown.Distinct().Select(id => id.ToString()).ToList();
        bool Unique(Func<string, string> cut) => ids.Select(cut).Distinct(StringComparer.Ordinal).Count() == ids.Count;
        if (Unique(id => id[..Prefix])) return;
        _suffix = -1;
        for (var digits = 4; digits <= LastGroup; digits++)
            if (Unique(id => id[..Prefix] + id[^digits..]))
            {
                _suffix = digits;
                return;
            }
    }

    public string Of(Guid id)
    {
        var text = id.ToString();
        return _suffix switch
        {
            0 => text[..Prefix],
            -1 => text,
            var digits => $"{text[..Prefix]}…{text[^digits..]}",
        };
    }
}
