using System.Text.Json;
using RelationsLedger.Domain.Events;

namespace RelationsLedger.Application.Serialization;

/// <summary>An event's data as the contract writes and reads it (<see cref="LedgerJson.Contract"/>), by its stored type name and version.</summary>
public static class EventJson
{
    public static byte[] SerializeData(IRelationshipEvent e) => JsonSerializer.SerializeToUtf8Bytes(e, e.GetType(), LedgerJson.Contract);

    /// <summary>Reads an event's data by its stored type name and version.</summary>
    public static IRelationshipEvent DeserializeData(string type, int version, ReadOnlySpan<byte> data)
    {
        var entry = EventCatalogue.Find(type, version) ?? throw new JsonException($"unknown event type '{type}' version {version}");
        return (IRelationshipEvent)(JsonSerializer.Deserialize(data, entry.ClrType, LedgerJson.Contract)
            ?? throw new JsonException($"{type} data is null"));
    }

    /// <summary>
    /// An event's data where it stands in a larger JSON text (an export line), as <paramref name="entry"/>, <paramref name="r"/> on its start; left
    /// on its end. A problem's exception is not the one <see cref="DeserializeData"/> throws for the data alone (the serializer counts bytes from
    /// the larger text's start): a caller with a problem reads the bytes alone.
    /// </summary>
    public static IRelationshipEvent ReadData(EventCatalogue.Entry entry, ref Utf8JsonReader r) =>
        (IRelationshipEvent)(JsonSerializer.Deserialize(ref r, entry.ClrType, LedgerJson.Contract) ?? throw new JsonException($"{entry.Name} data is null"));

    /// <summary>
    /// The catalogue's entry of <paramref name="type"/> when the type has one version only, else null: its data can then be read before the
    /// envelope that says its version (an export line gives <c>data</c> before <c>metadata</c>), and any other version is not in the catalogue.
    /// </summary>
    public static EventCatalogue.Entry? SoleVersionOf(string type) => SoleVersions.GetValueOrDefault(type);

    private static readonly Dictionary<string, EventCatalogue.Entry> SoleVersions =
        EventCatalogue.All.GroupBy(e => e.Name).Where(g => g.Count() == 1).ToDictionary(g => g.Key, g => g.Single(), StringComparer.Ordinal);
}
