using RelationsLedger.Application.Queries.History;

namespace RelationsLedger.Audit.Tests;

/// <summary>What a history says of each event, but its place in the store's log (which belongs to the store, not to an import).</summary>
internal static class HistoryAnswers
{
    public static List<string> Of(IReadOnlyList<HistoryEntry> history) =>
        history.Select(e => $"{e.EventId} {e.Type} {e.Revision} {e.EffectiveDate} {e.RecordedAt:O} {e.RecordedBy} {e.Data.GetRawText()} {e.PreviousHash} {e.Hash}").ToList();
}
