using Microsoft.Extensions.Logging;
using RelationsLedger.Application.Storage;

namespace RelationsLedger.Api.Hosting;

/// <summary>
/// Requests answered 409 ledger-tampered: the store no longer holds what this ledger recorded as it was (events removed, a
/// stream ending before what the server read of it, a recorded event altered or hidden) — an auditor's matter, which no retry and no
/// restart mends. Told of each such answer, the log says so at Error once with the first request's words, then at most once a
/// minute (<see cref="RepeatedConditionLog"/>) with how many more there were. Before round 67 these answers were logged nowhere:
/// a server whose store had lost events refused every command on the relationship, and its operator learnt of it only from clients.
/// </summary>
/// <remarks>
/// A <see cref="StoreConditionLog"/>, not a <see cref="StoreRefusalLog"/>: the store answers; it is what it holds that does not
/// verify. The client's answer carries the findings; the line carries the first of them, so the operator knows where to look.
/// </remarks>
public sealed class TamperedLedgerLog(IEventStore store, ILogger<TamperedLedgerLog> log, TimeProvider time) : StoreConditionLog(store, log, time)
{
    /// <summary>A request (<paramref name="what"/>, as "POST /commands/make-statement") was answered 409 ledger-tampered for <paramref name="why"/>.</summary>
    public void Answered(string what, string why) => Occurred(what, why);

    protected override void Say(ConditionLine line, ILogger log)
    {
        if (line.Kind == ConditionLineKind.Held)
            log.LogError("The ledger in the event store {Store} still does not verify: {Held} more request(s) were answered 409 ledger-tampered " +
                "since {Since:u} (the last: {What}: {Why}).", Store.Description, line.Held, line.HeldSince, Latest.What, Latest.Why);
        else
            log.LogError(
                "The ledger in the event store {Store} does not verify: {What} was answered 409 ledger-tampered ({Why}). Nothing was recorded or " +
                "answered from what was altered or removed; 'ledger verify --digest' against a digest taken before shows what is missing. " +
                "Said at most once a minute, with a count.", Store.Description, Latest.What, Latest.Why);
    }
}
