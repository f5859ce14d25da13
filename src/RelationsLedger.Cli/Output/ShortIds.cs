namespace RelationsLedger.Cli.Output;

/// <summary>
/// Ids as a table shows them: the UUID's first group (8 characters), or as many more groups as it takes for
/// every id the table shows to read differently — ids given by hand (the founding example's) often share a
/// prefix, and a column of identical short ids would name no event at all. <c>--json</c> gives full ids.
/// </summary>
public sealed class ShortIds
{
    private static readonly int[] GroupEnds = [8, 13, 18, 23, 36];
    private readonly int _length;

    public ShortIds(IEnumerable<Guid> shown)
    {
        var ids = shown.Distinct().Select(id => id.ToString()).ToList();
        _length = GroupEnds.First(length => ids.Select(id => id[..length]).Distinct(StringComparer.Ordinal).Count() == ids.Count);
    }

    public string Of(Guid id) => id.ToString()[.._length];
}
