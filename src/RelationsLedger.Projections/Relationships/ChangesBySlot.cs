namespace RelationsLedger.Projections.Relationships;

/// <summary>
/// The changes of a fold (each day's changes of an aspect's slots, in day order) indexed by slot: for each slot its changes in
/// their order, as a chain of places in the list. Filled again for every fact a relationship's timeline applies and read
/// only before the next: the lookup <c>ToLookup</c> made there (its groupings, their arrays and enumerators) was ~6 % of
/// the bytes a 1M rebuild allocated (issue #16, round 59).
/// </summary>
internal sealed class ChangesBySlot
{
    public const int None = -1;

    // Each slot's first and last change; and, for each change, the place of its slot's next change (None: the last).
    private readonly Dictionary<(int, int), (int First, int Last)> _ends = [];
    private readonly List<int> _next = [];

    /// <summary>Indexes <paramref name="changes"/>, forgetting the changes indexed before.</summary>
    public void Index(List<(int Day, (int, int) Slot, object? Item)> changes)
    {
        _ends.Clear();
        _next.Clear();
        for (var i = 0; i < changes.Count; i++)
        {
            _next.Add(None);
            var slot = changes[i].Slot;
            if (_ends.TryGetValue(slot, out var ends))
            {
                _next[ends.Last] = i;
                _ends[slot] = (ends.First, i);
            }
            else _ends[slot] = (i, i);
        }
    }

    /// <summary>The place of the slot's first change; <see cref="None"/> when it has none.</summary>
    public int First((int, int) slot) => _ends.TryGetValue(slot, out var ends) ? ends.First : None;

    /// <summary>The place of the next change of the slot whose change is at <paramref name="place"/>; <see cref="None"/> after its last.</summary>
    public int Next(int place) => _next[place];
}
