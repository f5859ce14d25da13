using System.Text;
using System.Text.Json.Nodes;
using RelationsLedger.Application.Integrity;
using RelationsLedger.Application.Serialization;

namespace RelationsLedger.Projections.Tests;

/// <summary>
/// An envelope sealed again for a copy of an event under a new id (and whatever else was changed), as another client with the
/// hash's specification (docs/audit.md) would: every reader of the log takes an event whose content does not produce its
/// hash for one that is not the ledger's, so a copy meant to read as the ledger's must carry its own hash.
/// </summary>
public static class Resealed
{
    public static byte[] Metadata(string stream, Guid id, string type, byte[] data, JsonObject metadata)
    {
        var envelope = Envelope.ReadStored(Encoding.UTF8.GetBytes(metadata.ToJsonString()), out var unreadable)
            ?? throw new InvalidOperationException(unreadable);
        metadata["hash"] = EventHash.Compute(stream, id, type, envelope.SchemaVersion, envelope.EffectiveDate, envelope.RecordedBy, envelope.Sources,
            envelope.CorrelationId, envelope.CausationId, data, envelope.PreviousHash, envelope.RecordedThrough);
        return Encoding.UTF8.GetBytes(metadata.ToJsonString());
    }
}
