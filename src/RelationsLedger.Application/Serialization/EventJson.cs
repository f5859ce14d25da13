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
        try
        {
            return (IRelationshipEvent)(JsonSerializer.Deserialize(data, entry.ClrType, LedgerJson.Contract)
                ?? throw new JsonException($"{type} data is null"));
        }
        catch (JsonException e)
        {
            throw EventDataProblem.Reworded(e, entry, data);
        }
    }
}
