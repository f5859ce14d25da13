using System.Collections.Concurrent;
using System.Text.Json;
using RelationsLedger.Application.Serialization;
using RelationsLedger.Domain.Aspects;
using RelationsLedger.Domain.Parties;
using RelationsLedger.Domain.State;

namespace RelationsLedger.Projections.Relationships;

/// <summary>One item of a state at its place (ordinal) in its kind's list: the unit the read model stores.</summary>
internal readonly record struct StateItem(ItemKind Kind, int Ordinal, object Item);

/// <summary>
/// Items as the read model stores them: as JSON in the event contract's conventions, under their
/// kind's code, with the columns their kind indexes; and back into a state, exactly (list order is kept
/// by ordinal, so the assembled state equals the folded one).
/// </summary>
internal static class StateItems
{
    /// <summary>Items in (kind, ordinal) order back into a state.</summary>
    public static RelationshipState Assemble(RelationshipKey key, IEnumerable<StateItem> items) =>
        RelationshipState.Of(key, items.OrderBy(i => i.Kind.Code).ThenBy(i => i.Ordinal).Select(i => (i.Kind, i.Item)));

    /// <summary>An item's JSON in UTF-8, the read-model file's encoding (stored as is, without a UTF-16 string between).</summary>
    public static byte[] Serialize(object item) => JsonSerializer.SerializeToUtf8Bytes(item, item.GetType(), LedgerJson.Contract);

    public static object Deserialize(ItemKind kind, string json)
    {
        // Items are immutable records: the same JSON is the same item, so answers share decoded items.
        if (Decoded.TryGetValue((kind.Code, json), out var item)) return item;
        item = JsonSerializer.Deserialize(json, kind.ItemType, LedgerJson.Contract) ?? throw new JsonException($"stored {kind.Name} item is null");
        // The dictionary's own Count takes every one of its locks; a miss (every item of a cold answer) must not.
        if (Volatile.Read(ref _decodedCount) >= DecodedLimit)
        {
            Decoded.Clear();
            Volatile.Write(ref _decodedCount, 0);
        }
        if (Decoded.TryAdd((kind.Code, json), item)) Interlocked.Increment(ref _decodedCount);
        return item;
    }

    /// <summary>A soft bound on the memory of decoded items: concurrent misses may pass it by a few before it is cleared.</summary>
    internal const int DecodedLimit = 200_000;
    private static readonly ConcurrentDictionary<(int, string), object> Decoded = new();
    private static int _decodedCount;

    /// <summary>How many decoded items are kept (the dictionary's own count, which takes all its locks: for tests).</summary>
    internal static int DecodedHeld => Decoded.Count;

    /// <summary>The event that put the item there (for an ended item: the one that started it; the ending names its own).</summary>
    public static Guid EventIdOf(object item) => ((IStateItem)item).EventId;
}
