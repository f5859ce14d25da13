using Microsoft.Extensions.Logging;
using RelationsLedger.Application.Storage;

namespace RelationsLedger.Api.Hosting;

/// <summary>
/// A refusal of the event store that repeats until an operator acts — it holds another ledger (<see cref="AnotherLedgerLog"/>), it
/// cannot be written (<see cref="UnwritableStoreLog"/>): told of each refusal, the log says it once with the refusal's words, then
/// at most once a minute (<see cref="RepeatedConditionLog"/>) with a count, each refusal's stack at Debug only. The words are the
/// condition's own (<see cref="Say"/>).
/// </summary>
public abstract class StoreRefusalLog : IDisposable
{
    private readonly ILogger _log;
    private readonly string _refused;
    private readonly RepeatedConditionLog _lines;

    /// <param name="refused">What the Debug line says of each refusal, after "{What} was refused: ".</param>
    protected StoreRefusalLog(IEventStore store, ILogger log, TimeProvider time, string refused)
    {
        (Store, _log, _refused) = (store, log, refused);
        _lines = new RepeatedConditionLog(time, line => Say(line, _log));
    }

    protected IEventStore Store { get; }

    /// <summary>The refusal last told of (what was asked, the store's words), read under the lines' lock as a line is said.</summary>
    protected (string What, string Why) Latest { get; private set; }

    /// <summary>A call to the store (<paramref name="what"/> says which, as "GET /events") was refused.</summary>
    public void Refused(StoreUnavailableException e, string what)
    {
        _log.LogDebug(e, "{What} was refused: {Refused}", what, _refused);
        _lines.Occurred(() => Latest = (what, e.Message));
    }

    /// <summary>The server stops: the refusals not yet said are.</summary>
    public void Dispose()
    {
        _lines.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>Writes one line of the condition (called under the lines' lock; must not tell of a refusal).</summary>
    protected abstract void Say(ConditionLine line, ILogger log);
}
