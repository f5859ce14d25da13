using System.Text.Json;
using RelationsLedger.Domain.Events;

namespace RelationsLedger.Application.Serialization;

/// <summary>An event's data as the contract writes and reads it (<see cref="LedgerJson.Contract"/>), by its stored type name and version.</summary>
public static class EventJson
{
    /// <summary>PROTOTYPE: the reflection-described contract serializer, as every stored event was written: the oracle.</summary>
    public static byte[] SerializeDataReflected(IRelationshipEvent e) => JsonSerializer.SerializeToUtf8Bytes(e, e.GetType(), LedgerJson.Contract);

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = LedgerJson.Contract.Encoder, SkipValidation = true };
    [ThreadStatic] private static System.Buffers.ArrayBufferWriter<byte>? t_buffer;
    [ThreadStatic] private static Utf8JsonWriter? t_writer;

    // The generated metadata of each catalogued type whose generated properties are its constructor's fields (the contract);
    // one with derived properties (an ambassador event's Actor) is left to the reflection path, which removes them.
    private static readonly Dictionary<Type, System.Text.Json.Serialization.Metadata.JsonTypeInfo> Generated = EventCatalogue.All
        .Select(entry => (entry.ClrType, Info: EventJsonContext.Default.GetTypeInfo(entry.ClrType)))
        .Where(x => x.Info is not null && x.Info.Properties.Count == x.ClrType.GetConstructors().Max(c => c.GetParameters().Length)
            && x.Info.Properties.All(p => p.PropertyType != typeof(IRelationshipEvent)))
        .ToDictionary(x => x.ClrType, x => x.Info!);

    /// <summary>PROTOTYPE: the same bytes through the source generator's fast path (<see cref="EventJsonContext"/>).</summary>
    public static byte[] SerializeData(IRelationshipEvent e)
    {
        if (!Generated.TryGetValue(e.GetType(), out var info)) return SerializeDataReflected(e);
        var buffer = t_buffer ??= new System.Buffers.ArrayBufferWriter<byte>(512);
        var writer = t_writer ??= new Utf8JsonWriter(buffer, WriterOptions);
        buffer.ResetWrittenCount();
        writer.Reset(buffer);
        JsonSerializer.Serialize(writer, e, info);
        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Reads an event's data by its stored type name and version.</summary>
    public static IRelationshipEvent DeserializeData(string type, int version, ReadOnlySpan<byte> data)
    {
        var entry = EventCatalogue.Find(type, version) ?? throw new JsonException($"unknown event type '{type}' version {version}");
        return (IRelationshipEvent)(JsonSerializer.Deserialize(data, entry.ClrType, LedgerJson.Contract)
            ?? throw new JsonException($"{type} data is null"));
    }
}
