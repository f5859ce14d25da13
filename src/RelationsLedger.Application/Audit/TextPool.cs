namespace RelationsLedger.Application.Audit;

/// <summary>
/// One copy of each distinct text (a stream's or an event type's name) for readers that hold a record per event of a
/// whole ledger: each record then points at the pool's copy instead of carrying its own.
/// </summary>
internal sealed class TextPool
{
    private readonly Dictionary<string, string> _kept = new(StringComparer.Ordinal);

    /// <summary>The pool's copy of <paramref name="text"/>, kept the first time it is met.</summary>
    public string Keep(string text) => _kept.TryGetValue(text, out var kept) ? kept : _kept[text] = text;
}
