using Microsoft.Extensions.Logging;
using RelationsLedger.Application.Storage;

namespace RelationsLedger.Api.Hosting;

/// <summary>
/// The event store answers with another ledger than the one this server has been serving (a KurrentDB node wiped and started
/// empty under it, another ledger's file moved over the embedded store's): every call that reaches it is refused the same way
/// until an operator restarts the server. Told of each refusal (a request's 503 store-holds-another-ledger, an event stream, the
/// live projection's retry), the log says so once at Error with the first refusal's words, then at most once a minute
/// (<see cref="RepeatedConditionLog"/>) with how many calls were refused since the first — at the minute's end when refusals
/// came during it, even if none comes after, and when the server stops; each refusal's stack at Debug only. Before round 46 each
/// one logged its full stack at Error, as a store away did before round 45 (<see cref="StoreOutage"/>).
/// </summary>
/// <remarks>
/// No background probe and no "answers again" line, unlike an outage: the refusal lasts until the server is restarted (or the
/// ledger is put back under it), and a reminder is written only for a minute in which refusals came, so a server nobody calls
/// stays quiet.
/// </remarks>
public sealed class AnotherLedgerLog(IEventStore store, ILogger<AnotherLedgerLog> log, TimeProvider time)
    : StoreRefusalLog(store, log, time, "the event store holds another ledger")
{
    protected override void Say(ConditionLine line, ILogger log)
    {
        if (line.Kind == ConditionLineKind.First)
            log.LogError(
                "The event store {Store} holds another ledger than the one this server has been serving ({What}: {Why}). Every call that " +
                "reaches it is refused, answered 503 store-holds-another-ledger, until the operator restarts the server (after putting the " +
                "ledger back, if it was lost). Each refusal's stack is logged at Debug.", Store.Description, Latest.What, Latest.Why);
        else
            log.LogError("The event store {Store} still holds another ledger, since {Since:u}; {Refused} calls to it were refused meanwhile. Restart the server.",
                Store.Description, line.Since, line.Total);
    }
}
