using System.Text.Json;
using RelationsLedger.Application.Storage;

namespace RelationsLedger.Store.KurrentDb;

/// <summary>
/// The ledger's identity on KurrentDB: the first event of the stream <c>relationsledger-ledger</c>, type
/// <c>LedgerCreated</c>, JSON data <c>{"ledgerId": "…", "createdAt": "…"}</c>, written with "no stream"
/// as the expectation so that two writers creating it at once agree on one. Outside the
/// <c>relationship-</c> streams, so no feed, projection or export of the ledger ever sees it; any
/// official client can read it (docs/kurrentdb.md).
/// </summary>
internal static class LedgerIdentityStream
{
    public const string Stream = "relationsledger-ledger";
    public const string EventType = "LedgerCreated";

    private sealed record Data(Guid LedgerId, DateTimeOffset CreatedAt);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static EventData New(TimeProvider clock)
    {
        var id = Guid.NewGuid();
        var data = JsonSerializer.SerializeToUtf8Bytes(new Data(id, clock.GetUtcNow()), Json);
        return new EventData(id, EventType, data, "{}"u8.ToArray());
    }

    /// <summary>What hides the identity an append found written again at <paramref name="revision"/> (after a soft delete).</summary>
    public static string HiddenBefore(ulong revision) =>
        $"the ledger's identity was deleted on the server (a soft delete) and written again at revision {revision}: the first one is hidden";

    public static LedgerIdentity? Read(RecordedEvent e)
    {
        if (e.Type != EventType) return null;
        try
        {
            return JsonSerializer.Deserialize<Data>(e.Data.Span, Json) is { LedgerId: var id, CreatedAt: var at } && id != Guid.Empty ? new LedgerIdentity(id, at) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
