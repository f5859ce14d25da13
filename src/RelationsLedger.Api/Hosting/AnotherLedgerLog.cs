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
public sealed class AnotherLedgerLog : IDisposable
{
    private readonly IEventStore _store;
    private readonly ILogger<AnotherLedgerLog> _log;
    private readonly RepeatedConditionLog _lines;
    private (string What, string Why) _latest; // the refusal last told of, under the lines' lock: the first line says the first one's

    public AnotherLedgerLog(IEventStore store, ILogger<AnotherLedgerLog> log, TimeProvider time) =>
        (_store, _log, _lines) = (store, log, new RepeatedConditionLog(time, Say));

    /// <summary>A call to the store (<paramref name="what"/> says which, as "GET /events") was refused: the store holds another ledger.</summary>
    public void Refused(StoreUnavailableException e, string what)
    {
        _log.LogDebug(e, "{What} was refused: the event store holds another ledger", what);
        _lines.Occurred(() => _latest = (what, e.Message));
    }

    /// <summary>The server stops: the refusals not yet said are.</summary>
    public void Dispose() => _lines.Dispose();

    private void Say(ConditionLine line)
    {
        if (line.Kind == ConditionLineKind.First)
            _log.LogError(
                "The event store {Store} holds another ledger than the one this server has been serving ({What}: {Why}). Every call that " +
                "reaches it is refused, answered 503 store-holds-another-ledger, until the operator restarts the server (after putting the " +
                "ledger back, if it was lost). Each refusal's stack is logged at Debug.", _store.Description, _latest.What, _latest.Why);
        else
            _log.LogError("The event store {Store} still holds another ledger, since {Since:u}; {Refused} calls to it were refused meanwhile. Restart the server.",
                _store.Description, line.Since, line.Total);
    }
}
