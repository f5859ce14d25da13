using System.Text.Json;
using RelationsLedger.Application.Audit.Export;
using RelationsLedger.Application.Serialization;
using RelationsLedger.Application.Storage;
using RelationsLedger.Domain.Aspects;
using RelationsLedger.Domain.Events;
using RelationsLedger.Domain.Parties;

namespace RelationsLedger.Application.Audit.Import;

/// <summary>One line of an export, read strictly: every required field present and well-formed, nothing unknown.</summary>
public sealed record ImportLine(
    int Line, Guid EventId, string Stream, RelationshipKey Key, ulong Revision, GlobalPosition Position, string Type,
    byte[] Data, Envelope Envelope, IRelationshipEvent Event, DateTimeOffset RecordedAt, DateTimeOffset StoredAt)
{
    /// <param name="utf8">The line's UTF-8 bytes, as <see cref="BoundedLines"/> read them (strict UTF-8).</param>
    /// <param name="stream">The line's stream when it gives one as a string, sound or not (which relationship a bad line would have joined).</param>
    /// <returns>The line, or null with the reasons added to <paramref name="errors"/>.</returns>
    /// <remarks>
    /// One pass over the line's bytes: the envelope and the event are read where they stand in the line, by their own readers
    /// (<see cref="EnvelopeJson.Read"/>, <see cref="EventJson.ReadData"/>). <see cref="Data"/> is a copy of the event's bytes exactly as
    /// the line gives them, what its hash covers. A value its reader refuses where it stands is read again alone, as the envelope and
    /// the event were always read, so that its problem is named in the same words (a reader's positions count from the value's start).
    /// </remarks>
    public static ImportLine? Parse(int line, ReadOnlyMemory<byte> utf8, List<ImportError> errors, out string? stream)
    {
        var before = errors.Count;
        stream = null;
        void Error(string field, string message) => errors.Add(new(line, field, message));
        if (ExportLineFields.Parse(utf8, Error, ReadInPlace) is not { } fields) return null;
        stream = fields["stream"]?.Text;
        ExportLineFields.CheckNames(fields, Error);
        // Not kept by an import, but read as verify reads it, in the same order: a line the ledger never wrote is not imported either, nor a file out of order (RisingPositions).
        var position = ExportLineFields.Position(fields, Error);
        var id = ExportLineFields.EventId(fields, Error);
        var streamText = ExportLineFields.Text(fields, "stream", Error);
        RelationshipKey? key = null;
        if (streamText is not null && !RelationshipKey.TryParseStream(streamText, out key))
            Error("stream", $"'{streamText}' is not a relationship stream (relationship-<a>~<b>, the two party ids in ordinal order)");
        var revision = ExportLineFields.Revision(fields, Error);
        var type = ExportLineFields.Text(fields, "type", Error);
        var recordedAt = ExportLineFields.Time(fields, "recordedAt", Error);
        var storedAt = ExportLineFields.Time(fields, "storedAt", Error);

        var data = ExportLineFields.Raw(fields, "data", objectsOnly: true, Error);
        var metadata = ExportLineFields.Raw(fields, "metadata", objectsOnly: true, Error);
        var envelope = metadata?.InPlace as Envelope;
        if (metadata is { } givenMetadata && envelope is null)
        {
            try { envelope = Envelope.Deserialize(givenMetadata.Raw.Span); }
            catch (JsonException e) { Error(Field("metadata", e), e.Message); }
            catch (InvalidOperationException) { Error("metadata", ExportLineFields.NotUnicode); }
        }
        IRelationshipEvent? @event = null;
        if (type is not null && envelope is not null && data is { } givenData)
        {
            if (EventCatalogue.Find(type, envelope.SchemaVersion) is not { } entry)
                Error("type", $"'{type}' version {envelope.SchemaVersion} is not an event type of the catalogue (docs/events.md)");
            else if (givenData.InPlace is DataRead read && read.Entry == entry) @event = read.Event;
            else
            {
                try { @event = EventJson.DeserializeData(type, envelope.SchemaVersion, givenData.Raw.Span); }
                catch (JsonException e) { Error(Field("data", e), e.Message); }
                catch (InvalidOperationException) { Error("data", ExportLineFields.NotUnicode); }
            }
        }
        if (envelope is not null && recordedAt is { } given && storedAt is { } stored
            && ExportLineFields.RecordedAtProblem(given, stored, envelope.OriginallyRecordedAt) is { } differs)
            Error("recordedAt", differs);

        return errors.Count > before ? null
            : new(line, id!.Value, streamText!, key!, revision!.Value, position!.Value, type!, data!.Value.Raw.ToArray(), envelope!, @event!, recordedAt!.Value, storedAt!.Value);
    }

    /// <summary>
    /// The envelope, and the event when its type has one version (an export line gives the version, in the envelope, after the data),
    /// read where they stand in the line's one pass.
    /// </summary>
    private static object? ReadInPlace(string field, ref Utf8JsonReader r, ExportLineValues line)
    {
        if (field == "metadata") return EnvelopeJson.Read(ref r);
        if (field == "data" && line["type"] is { Text: { } type } && EventJson.SoleVersionOf(type) is { } entry) return new DataRead(entry, EventJson.ReadData(entry, ref r));
        r.Skip(); // read alone later, once the envelope says the version
        return null;
    }

    /// <summary>An event read where it stands, and the catalogue's entry it was read as.</summary>
    private sealed record DataRead(EventCatalogue.Entry Entry, IRelationshipEvent Event);

    /// <summary>The field a reader error points at, e.g. <c>metadata.effectiveDate</c> for <c>$.effectiveDate</c>.</summary>
    private static string Field(string part, JsonException e) =>
        e.Path is { Length: > 2 } path && path.StartsWith("$.", StringComparison.Ordinal) ? $"{part}.{path[2..]}" : part;
}
