using System.Buffers;
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
    /// <summary>The JSON the envelope was read from, as the line holds it: sealed by splicing when it is in the writer's form (<see cref="WriteSealedMetadata"/>).</summary>
    public ReadOnlyMemory<byte> Metadata { get; private init; }

    /// <summary>Whether <see cref="Metadata"/> is byte for byte what the writer writes of <see cref="Envelope"/>, as its read told (<see cref="EnvelopeJson.IsCanonical"/>).</summary>
    private bool MetadataInWriterForm { get; init; }

    /// <summary>
    /// The envelope's JSON as the store keeps the event, written to <paramref name="into"/>: it notes when the original ledger recorded
    /// the event. The line's with that field spliced in, when the line's is in the writer's form; else written anew
    /// (<see cref="EnvelopeJson.SerializeOriginallyRecordedAt"/>). The rest of the event is kept as the line holds it
    /// (<see cref="ImportSpill.Write"/>).
    /// </summary>
    public void WriteSealedMetadata(IBufferWriter<byte> into) =>
        EnvelopeJson.SerializeOriginallyRecordedAt(Envelope, Metadata.Span, MetadataInWriterForm, RecordedAt, into);

    /// <param name="utf8">The line's UTF-8 bytes, as <see cref="BoundedLines"/> read them (strict UTF-8).</param>
    /// <returns>The line, or null with the reasons added to <paramref name="errors"/>.</returns>
    public static ImportLine? Parse(int line, ReadOnlyMemory<byte> utf8, List<ImportError> errors)
    {
        var before = errors.Count;
        // A line in the export's own form is read in one pass; any other by the document, which names its problems (round 62).
        GlobalPosition? position;
        Guid? id;
        string? stream, type;
        RelationshipKey? key;
        ulong? revision;
        DateTimeOffset? recordedAt, storedAt;
        byte[]? data;
        Envelope? envelope = null;
        ReadOnlyMemory<byte> metadata = default;
        bool inWriterForm;
        if (OnePassLine.Read(utf8) is { } sound)
            (position, id, stream, key, revision, type, recordedAt, storedAt, data, metadata, envelope, inWriterForm) =
                (sound.Position, sound.EventId, sound.Stream, sound.Key, sound.Revision, sound.Type, sound.RecordedAt, sound.StoredAt, sound.Data, sound.Metadata, sound.Envelope,
                 sound.MetadataInWriterForm);
        else
        {
            // One delegate for the line's every field: a local function passed as a method group is a new delegate at each call
            // (eleven a line, ~730 bytes of the import's allocation a line). Made here, for the few lines the document reads: a
            // lambda of Parse's own made its closure on every line (~0.1 KB, round 66).
            var error = ErrorsOf(line, errors);
            if (ExportLineFields.Parse(utf8, error) is not { } doc) return null;
            using var _ = doc;
            var root = doc.RootElement;
            if (!ExportLineFields.CheckNames(root, error)) return null;
            // Not kept by an import, but read as verify reads it, in the same order: a line the ledger never wrote is not imported either, nor a file out of order (RisingPositions).
            position = ExportLineFields.Position(root, error);
            id = ExportLineFields.EventId(root, error);
            stream = ExportLineFields.Text(root, "stream", error);
            key = null;
            if (stream is not null && !RelationshipKey.TryParseStream(stream, out key))
                error("stream", $"'{stream}' is not a relationship stream (relationship-<a>~<b>, the two party ids in ordinal order)");
            revision = ExportLineFields.Revision(root, error);
            type = ExportLineFields.Text(root, "type", error);
            recordedAt = ExportLineFields.Time(root, "recordedAt", error);
            storedAt = ExportLineFields.Time(root, "storedAt", error);

            data = ExportLineFields.Bytes(root, "data", objectsOnly: true, error);
            if (ExportLineFields.Bytes(root, "metadata", objectsOnly: true, error) is { } bytes)
            {
                metadata = bytes;
                try { envelope = Envelope.Deserialize(bytes); }
                catch (JsonException e) { error(Field("metadata", e), e.Message); }
                catch (InvalidOperationException) { error("metadata", ExportLineFields.NotUnicode); }
            }
            inWriterForm = envelope is not null && EnvelopeJson.IsCanonical(metadata); // read again: this way is for the few lines not in the export's form
        }
        IRelationshipEvent? @event = null;
        if (type is not null && envelope is not null && data is not null)
        {
            if (EventCatalogue.Find(type, envelope.SchemaVersion) is null)
                errors.Add(new(line, "type", $"'{type}' version {envelope.SchemaVersion} is not an event type of the catalogue (docs/events.md)"));
            else
            {
                try { @event = EventJson.DeserializeData(type, envelope.SchemaVersion, data); }
                catch (JsonException e) { errors.Add(new(line, Field("data", e), e.Message)); }
                catch (InvalidOperationException) { errors.Add(new(line, "data", ExportLineFields.NotUnicode)); }
            }
        }
        if (envelope is not null && recordedAt is { } given && storedAt is { } stored
            && ExportLineFields.RecordedAtProblem(given, stored, envelope.OriginallyRecordedAt) is { } differs)
            errors.Add(new(line, "recordedAt", differs));

        return errors.Count > before ? null
            : new(line, id!.Value, stream!, key!, revision!.Value, position!.Value, type!, data!, envelope!, @event!, recordedAt!.Value, storedAt!.Value) { Metadata = metadata, MetadataInWriterForm = inWriterForm };
    }

    private static Action<string, string> ErrorsOf(int line, List<ImportError> errors) => (field, message) => errors.Add(new(line, field, message));

    /// <summary>The field a reader error points at, e.g. <c>metadata.effectiveDate</c> for <c>$.effectiveDate</c>.</summary>
    private static string Field(string part, JsonException e) =>
        e.Path is { Length: > 2 } path && path.StartsWith("$.", StringComparison.Ordinal) ? $"{part}.{path[2..]}" : part;
}
