using Microsoft.Extensions.Logging;
using RelationsLedger.Application.Storage;

namespace RelationsLedger.Api.Hosting;

/// <summary>
/// A refusal of the event store that repeats until an operator acts — it holds another ledger (<see cref="AnotherLedgerLog"/>), it
/// cannot be written (<see cref="UnwritableStoreLog"/>): said as a <see cref="StoreConditionLog"/>, each refusal's stack at Debug only.
/// </summary>
/// <param name="refused">What the Debug line says of each refusal, after "{What} was refused: ".</param>
public abstract class StoreRefusalLog(IEventStore store, ILogger log, TimeProvider time, string refused) : StoreConditionLog(store, log, time)
{
    /// <summary>A call to the store (<paramref name="what"/> says which, as "GET /events") was refused.</summary>
    public void Refused(StoreUnavailableException e, string what)
    {
        Log.LogDebug(e, "{What} was refused: {Refused}", what, refused);
        Occurred(what, e.Message);
    }
}
