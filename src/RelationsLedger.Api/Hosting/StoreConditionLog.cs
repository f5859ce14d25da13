using Microsoft.Extensions.Logging;
using RelationsLedger.Application.Storage;

namespace RelationsLedger.Api.Hosting;

/// <summary>
/// A condition of the event store that repeats — a refusal until an operator acts (<see cref="StoreRefusalLog"/>), requests
/// answered 503 though the store answers (<see cref="AnsweredFailureLog"/>): told of each occurrence, the log says it once with
/// its words, then at most once a minute (<see cref="RepeatedConditionLog"/>) with a count. The words are the condition's own
/// (<see cref="Say"/>), with the latest occurrence's.
/// </summary>
public abstract class StoreConditionLog : IDisposable
{
    private readonly RepeatedConditionLog _lines;

    protected StoreConditionLog(IEventStore store, ILogger log, TimeProvider time)
    {
        (Store, Log) = (store, log);
        _lines = new RepeatedConditionLog(time, line => Say(line, Log));
    }

    protected IEventStore Store { get; }

    protected ILogger Log { get; }

    /// <summary>The occurrence last told of (what was asked, the store's words), read under the lines' lock as a line is said.</summary>
    protected (string What, string Why) Latest { get; private set; }

    /// <summary>One occurrence, its stack already logged: said at once or counted (<see cref="RepeatedConditionLog.Occurred"/>).</summary>
    protected void Occurred(string what, string why) => _lines.Occurred(() => Latest = (what, why));

    /// <summary>The server stops: the occurrences not yet said are.</summary>
    public void Dispose()
    {
        _lines.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>Writes one line of the condition (called under the lines' lock; must not tell of an occurrence).</summary>
    protected abstract void Say(ConditionLine line, ILogger log);
}
