using Microsoft.Extensions.Logging;
using RelationsLedger.Application.Storage;

namespace RelationsLedger.Api.Hosting;

/// <summary>
/// Requests answered 503 store-unavailable while the event store answers its probe (<see cref="StoreOutage"/> judged them no
/// outage): a leader failover's dropped call, a follower catching up, a writer that lost its race for a relationship ten times in
/// a row to writers of other processes. Each client was told to retry; an operator is told at Warning — once with the first
/// request's words, then at most once a minute (<see cref="RepeatedConditionLog"/>) with how many more there were, each
/// failure's stack at Debug only (<see cref="StoreOutage.Failed"/> logs it).
/// </summary>
/// <remarks>
/// Before round 55 such a request's 503 was logged at Debug only: the probe answered, so the failure was forgotten as not an
/// outage, and a server whose commands kept losing their races to another process answered 503s with nothing in its log.
/// Failures of the server's own event streams and live projection are not said here: they go on by themselves, and nobody
/// was answered a 503. A <see cref="StoreConditionLog"/>, not a <see cref="StoreRefusalLog"/>: nothing here was refused by the
/// store, and no operator's act ends it.
/// </remarks>
public sealed class AnsweredFailureLog(IEventStore store, ILogger<AnsweredFailureLog> log, TimeProvider time) : StoreConditionLog(store, log, time)
{
    /// <summary>A request (<paramref name="what"/>, as "POST /commands/make-statement") was answered 503 for <paramref name="why"/>.</summary>
    public void Answered(string what, string why) => Occurred(what, why);

    protected override void Say(ConditionLine line, ILogger log)
    {
        if (line.Kind == ConditionLineKind.Held)
            log.LogWarning("{Held} more request(s) were answered 503 store-unavailable since {Since:u} while the event store {Store} answered " +
                "its probe (the last: {What}: {Why}).", line.Held, line.HeldSince, Store.Description, Latest.What, Latest.Why);
        else
            log.LogWarning(
                "{What} was answered 503 store-unavailable ({Why}), though the event store {Store} answered a probe right after: not an " +
                "outage (a leader failover, a dropped connection, or writers of other processes contending for one relationship), and the " +
                "client was told to retry. Said at most once a minute, with a count; each failure's stack is logged at Debug.",
                Latest.What, Latest.Why, Store.Description);
    }
}
