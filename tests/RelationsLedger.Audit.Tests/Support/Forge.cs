using System.Text.Json.Nodes;
using RelationsLedger.Application.Integrity;
using RelationsLedger.Application.Serialization;
using RelationsLedger.Domain.Aspects;
using RelationsLedger.Domain.Events;
using RelationsLedger.Domain.Provenance;
using RelationsLedger.Domain.Time;

namespace RelationsLedger.Audit.Tests;

/// <summary>What a forger with the spec (docs/audit.md) can build: events whose own hash is valid.</summary>
public static class Forge
{
    /// <summary>The event <paramref name="e"/> sealed; with <paramref name="data"/>, those bytes as its data instead of its JSON.</summary>
    public static (Guid Id, string Type, byte[] Data, byte[] Metadata, string Hash) Event(
        string stream, IRelationshipEvent e, string effective, string? previousHash, Guid? id = null, byte[]? data = null)
    {
        var eventId = id ?? Guid.NewGuid();
        var entry = EventCatalogue.Of(e);
        data ??= EventJson.SerializeData(e);
        Source[] sources = [new("Forged Times", "A forged report", null, null, PartialDate.Parse("2025-01"))];
        var date = PartialDate.Parse(effective);
        var hash = EventHash.Compute(stream, eventId, entry.Name, entry.Version, date, "forger", sources, eventId, eventId, data, previousHash);
        var envelope = new Envelope(entry.Version, date, "forger", sources, eventId, eventId, previousHash, hash);
        return (eventId, entry.Name, data, envelope.Serialize(), hash);
    }

    /// <summary>A forged event as a line of an export (docs/audit.md), at <paramref name="revision"/> of <paramref name="stream"/>.</summary>
    public static string Line((Guid Id, string Type, byte[] Data, byte[] Metadata, string Hash) e, string stream, long revision, string recordedAt) =>
        new JsonObject
        {
            ["position"] = "999", ["eventId"] = e.Id.ToString(), ["stream"] = stream, ["revision"] = revision, ["type"] = e.Type,
            ["recordedAt"] = recordedAt, ["storedAt"] = recordedAt,
            ["data"] = JsonNode.Parse(e.Data), ["metadata"] = JsonNode.Parse(e.Metadata),
        }.ToJsonString();

    /// <summary>Re-seals an envelope onto a new previous hash (and the stored data), as a forger rewriting a chain would.</summary>
    public static Envelope Reseal(string stream, Guid id, string type, byte[] data, Envelope envelope, string? previousHash)
    {
        var hash = EventHash.Compute(stream, id, type, envelope.SchemaVersion, envelope.EffectiveDate, envelope.RecordedBy, envelope.Sources,
            envelope.CorrelationId, envelope.CausationId, data, previousHash);
        return envelope with { PreviousHash = previousHash, Hash = hash };
    }

    /// <summary>
    /// Edits one event's data (<paramref name="find"/> replaced) in the store file and re-seals it and every later event of its
    /// stream, as a forger with the spec could: every chain verifies after.
    /// </summary>
    public static async Task RechainAsync(TestLedger ledger, string stream, int revision, string find, string replace)
    {
        var events = await ledger.EventsAsync(stream);
        var previous = revision == 0 ? null : events[revision - 1].Envelope.Hash;
        foreach (var e in events.Skip(revision))
        {
            var data = (int)e.Recorded.Revision == revision
                ? System.Text.Encoding.UTF8.GetBytes(System.Text.Encoding.UTF8.GetString(e.Recorded.Data.Span).Replace(find, replace, StringComparison.Ordinal))
                : e.Recorded.Data.ToArray();
            var resealed = Reseal(stream, e.EventId, e.Recorded.Type, data, e.Envelope, previous);
            // Stored in the row's own form (as text, or compressed as the ledger would have): the file's layout does not show the forgery.
            await ledger.SqlAsync("UPDATE events SET data = stored_like(data, $d), metadata = stored_like(metadata, $m) WHERE id_of(event_id) = $id",
                ("$d", System.Text.Encoding.UTF8.GetString(data)), ("$m", System.Text.Encoding.UTF8.GetString(resealed.Serialize())), ("$id", e.EventId.ToString()));
            previous = resealed.Hash;
        }
    }
}
