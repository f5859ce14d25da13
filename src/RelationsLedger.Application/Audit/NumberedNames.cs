namespace RelationsLedger.Application.Audit;

/// <summary>
/// Names (streams, event types) written to a temporary file as their number: one copy of each in memory, shared by
/// everything read back. There are as many as the ledger has relationships and types, not events.
/// </summary>
internal sealed class NumberedNames
{
    private readonly Dictionary<string, int> _numbers = new(StringComparer.Ordinal);
    private readonly List<string> _names = [];

    public string this[int number] => _names[number];

    public int NumberOf(string name)
    {
        if (_numbers.TryGetValue(name, out var number)) return number;
        _names.Add(name);
        return _numbers[name] = _names.Count - 1;
    }
}
