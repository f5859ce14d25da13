using System.Runtime.CompilerServices;
using RelationsLedger.Application.Storage;

namespace RelationsLedger.Application.Audit.Reading;

/// <summary>Reads through the store port page by page, so audits run the same on every store.</summary>
public static class LedgerLog
{
    public const int PageSize = 4096;

    /// <summary>Every relationship event in global order, up to and including <paramref name="upTo"/> (all when null).</summary>
    public static async IAsyncEnumerable<RecordedEvent> ReadAllAsync(
        IEventStore store, GlobalPosition? upTo = null, [EnumeratorCancellation] CancellationToken ct = default)
    {
        GlobalPosition? after = null;
        while (true)
        {
            var page = 0;
            await foreach (var e in store.ReadAllAsync(after, PageSize, StreamFilter.Relationships, ct))
            {
                if (upTo is { } last && e.Position > last) yield break;
                page++;
                after = e.Position;
                yield return e;
            }
            if (page < PageSize) yield break;
        }
    }

    /// <summary>Every event of one stream in revision order.</summary>
    public static async IAsyncEnumerable<RecordedEvent> ReadStreamAsync(
        IEventStore store, string stream, [EnumeratorCancellation] CancellationToken ct = default)
    {
        ulong? from = null;
        while (true)
        {
            var page = 0;
            await foreach (var e in store.ReadStreamAsync(stream, ReadDirection.Forwards, from, PageSize, ct))
            {
                page++;
                from = e.Revision + 1;
                yield return e;
            }
            if (page < PageSize) yield break;
        }
    }
}
