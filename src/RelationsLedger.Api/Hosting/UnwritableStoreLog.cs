using Microsoft.Extensions.Logging;
using RelationsLedger.Application.Storage;

namespace RelationsLedger.Api.Hosting;

/// <summary>
/// The event store is reached but refuses to write (<see cref="StoreUnavailableException.Unwritable"/>: the embedded store's disk
/// full, its file read-only, locked by another process past the wait): every command is a 503 store-unavailable, nothing
/// recorded, until an operator mends that. Told of each refusal, the log says so at Error with the store's own words (the file, the space left), then at most once
/// a minute (<see cref="RepeatedConditionLog"/>) with how many commands were refused — each refusal's stack at Debug only.
/// </summary>
/// <remarks>
/// Not an outage (<see cref="StoreOutage"/>): the store answers reads, so its probe answers and, before round 52, such refusals were
/// forgotten as a failover's dropped call is — a server whose disk had filled answered 503 to every command and logged nothing of
/// the store. No "written again" line: the next command that is recorded is the sign, and a minute with no refusal ends the lines.
/// </remarks>
public sealed class UnwritableStoreLog(IEventStore store, ILogger<UnwritableStoreLog> log, TimeProvider time)
    : StoreRefusalLog(store, log, time, "the event store cannot be written")
{
    protected override void Say(ConditionLine line, ILogger log)
    {
        if (line.Kind == ConditionLineKind.Held)
            // The refusals since the last line, not since the first: a disk given room and filled again later is a new run.
            log.LogError("The event store {Store} still cannot be written: {Refused} more command(s) were refused since {Since:u}, nothing of them " +
                "recorded (the last: {What}: {Why}).", Store.Description, line.Held, line.HeldSince, Latest.What, Latest.Why);
        else
            log.LogError(
                "The event store {Store} cannot be written ({What}: {Why}). Every command is answered 503 store-unavailable, nothing of it " +
                "recorded, until what it names is mended (room on its disk, write access, another process's lock let go); questions and the " +
                "feed go on from what it holds. Each refusal's stack is logged at Debug.", Store.Description, Latest.What, Latest.Why);
    }
}
