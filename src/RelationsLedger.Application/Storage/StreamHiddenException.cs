namespace RelationsLedger.Application.Storage;

/// <summary>
/// A stream read met events the store hides (<see cref="HiddenStream"/>): what it would give is not the stream's whole
/// record, so nothing is decided, answered or rebuilt from it as if it were.
/// </summary>
/// <param name="whatToDo">What the operator can do about it, when the store can say (its own streams: <see cref="MessageOf"/>).</param>
public sealed class StreamHiddenException(HiddenStream hidden, string? whatToDo = null) : Exception(MessageOf(hidden, whatToDo))
{
    public HiddenStream Hidden { get; } = hidden;

    /// <summary>
    /// 'ledger verify' reads the relationship streams, and asks the store which of them it hides: it names what is missing
    /// there. Any other stream is the store's own (on KurrentDB an event id's reservation, the ledger's identity), which
    /// verify does not read, so the message does not send the operator there.
    /// </summary>
    public static string MessageOf(HiddenStream hidden, string? whatToDo)
    {
        var message = $"The store hides recorded events of {hidden.Stream}: {hidden.How}. Its record cannot be read whole, so nothing was decided or changed from it; ";
        message += hidden.Stream.StartsWith(StreamFilter.Relationships.StreamPrefix!, StringComparison.Ordinal)
            ? "'ledger verify' names what is missing."
            : $"it is a stream of the store's own, not a relationship's, and 'ledger verify' does not read {hidden.Stream}.";
        return whatToDo is null ? message : $"{message} {whatToDo}";
    }
}
