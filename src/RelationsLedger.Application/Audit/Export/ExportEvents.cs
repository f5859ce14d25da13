using MediatR;
using RelationsLedger.Application.Audit.Reading;
using RelationsLedger.Application.Commands.Recording;
using RelationsLedger.Application.Storage;
using RelationsLedger.Domain.Parties;

namespace RelationsLedger.Application.Audit.Export;

/// <summary>
/// Writes events as NDJSON to <see cref="Output"/>, in global order: the whole ledger, one
/// relationship (A and B), and/or those recorded in [<see cref="From"/>, <see cref="To"/>); then the end line
/// (<see cref="ExportEnd"/>), which says how many events it holds.
/// <see cref="Progress"/> hears the number of events written so far.
/// </summary>
public sealed record ExportEvents(Stream Output, string? PartyA = null, string? PartyB = null,
    DateTimeOffset? From = null, DateTimeOffset? To = null, IProgress<long>? Progress = null) : IRequest<ExportResult>;

/// <param name="Hidden">
/// The streams in the file whose events the store hides from readers of the stream (KurrentDB: another client's metadata,
/// deletion or tombstone; docs/audit.md, "Events the store hides"), each saying how: the file holds what the global log still
/// holds of them, and of one whose first revisions the server has scavenged, that cannot be imported. Said when the file is
/// written, not first when it is restored. On the embedded store, the runs of positions whose events were deleted from the
/// store file (named in <see cref="HiddenStream.GlobalLog"/>): the file holds what is left, and its import would make a ledger
/// that no longer shows the deletion. Empty for one relationship, whose export stops on a hidden stream instead.
/// </param>
public sealed record ExportResult(long Events, int Streams, string? FirstPosition, string? LastPosition, IReadOnlyList<string> Hidden);

public sealed class ExportEventsValidator : OneRuleValidator<ExportEvents>
{
    protected override void Check(ExportEvents q, OneRule<ExportEvents> rule)
    {
        if (q.PartyA is not null || q.PartyB is not null) rule.TwoParties(nameof(q.PartyA), q.PartyA, nameof(q.PartyB), q.PartyB);
        rule.Must(q.From is null || q.To is null || q.From < q.To, nameof(q.To), q.To, "'to' must be later than 'from' (the window is from ≤ recorded at < to).");
    }
}

public sealed class ExportEventsHandler(IEventStore store) : IRequestHandler<ExportEvents, ExportResult>
{
    public async Task<ExportResult> Handle(ExportEvents request, CancellationToken cancellationToken)
    {
        var events = request.PartyA is null
            ? LedgerLog.ReadAllAsync(store, ct: cancellationToken)
            : LedgerLog.ReadStreamAsync(store, RelationshipKey.Of(request.PartyA, request.PartyB!).StreamName, cancellationToken);
        var (count, streams, first, last) = (0L, new HashSet<string>(StringComparer.Ordinal), (string?)null, (string?)null);
        await using var lines = new ExportLines(request.Output);
        await foreach (var e in events)
        {
            var recordedAt = ExportLine.RecordedAt(e);
            if (request.From is { } from && recordedAt < from) continue;
            if (request.To is { } to && recordedAt >= to) continue;
            ExportLine.Write(lines.Json, e);
            await lines.EndLineAsync(cancellationToken);
            (count, first, last) = (count + 1, first ?? e.Position.ToString(), e.Position.ToString());
            streams.Add(e.Stream);
            if (count % 256 == 0) request.Progress?.Report(count);
        }
        // Written only once every event is: a file without it was cut short (or is of an earlier version), docs/audit.md.
        new ExportEnd(count, streams.Count, last).Write(lines.Json);
        await lines.EndLineAsync(cancellationToken);
        await lines.FlushAsync(cancellationToken);
        await request.Output.FlushAsync(cancellationToken);
        request.Progress?.Report(count);
        var hidden = new List<string>();
        if (request.PartyA is null)
            await foreach (var h in store.HiddenStreamsAsync(cancellationToken))
                if (streams.Contains(h.Stream) || h.Stream == HiddenStream.GlobalLog) hidden.Add(h.ToString());
        return new(count, streams.Count, first, last, hidden);
    }
}
