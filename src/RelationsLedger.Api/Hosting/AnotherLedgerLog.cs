using Microsoft.Extensions.Logging;
using RelationsLedger.Application.Storage;

namespace RelationsLedger.Api.Hosting;

/// <summary>
/// The event store answers with another ledger than the one this server has been serving (a KurrentDB node wiped and started
/// empty under it, another ledger's file moved over the embedded store's): every call that reaches it is refused the same way
/// until an operator restarts the server. Told of each refusal (a request's 503 store-holds-another-ledger, an event stream, the
/// live projection's retry), the log says so once at Error with the first refusal's words, then at most every
/// <see cref="StoreOutage.ReminderInterval"/> with how many calls were refused since; each refusal's stack at Debug only.
/// Before round 46 each one logged its full stack at Error, as a store away did before round 45 (<see cref="StoreOutage"/>).
/// </summary>
/// <remarks>
/// No background probe and no "answers again" line, unlike an outage: the refusal lasts until the server is restarted (or the
/// ledger is put back under it), and a reminder is written only when a refusal comes, so a server nobody calls stays quiet.
/// </remarks>
public sealed class AnotherLedgerLog(IEventStore store, ILogger<AnotherLedgerLog> log)
{
    private readonly Lock _gate = new();
    private DateTimeOffset? _since; // the first refusal
    private DateTimeOffset _said;
    private long _refused;

    /// <summary>A call to the store (<paramref name="what"/> says which, as "GET /events") was refused: the store holds another ledger.</summary>
    public void Refused(StoreUnavailableException e, string what)
    {
        log.LogDebug(e, "{What} was refused: the event store holds another ledger", what);
        var now = DateTimeOffset.UtcNow;
        bool first;
        DateTimeOffset since;
        long refused;
        lock (_gate)
        {
            _refused++;
            if (_since is not null && now - _said < StoreOutage.ReminderInterval) return;
            first = _since is null;
            (since, _said, refused) = (_since ??= now, now, _refused);
        }
        if (first)
            log.LogError(
                "The event store {Store} holds another ledger than the one this server has been serving ({What}: {Why}). Every call that " +
                "reaches it is refused, answered 503 store-holds-another-ledger, until the operator restarts the server (after putting the " +
                "ledger back, if it was lost). Each refusal's stack is logged at Debug.", store.Description, what, e.Message);
        else
            log.LogError("The event store {Store} still holds another ledger, since {Since:u}; {Refused} calls to it were refused meanwhile. Restart the server.",
                store.Description, since, refused);
    }
}
