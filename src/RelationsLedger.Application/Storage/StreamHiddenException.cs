namespace RelationsLedger.Application.Storage;

/// <summary>
/// A stream read met events the store hides (<see cref="HiddenStream"/>): what it would give is not the stream's whole
/// record, so nothing is decided, answered or rebuilt from it as if it were.
/// </summary>
public sealed class StreamHiddenException(HiddenStream hidden)
    : Exception($"The store hides recorded events of {hidden.Stream}: {hidden.How}. Its record cannot be read whole, so nothing was decided or changed from it; 'ledger verify' names what is missing.")
{
    public HiddenStream Hidden { get; } = hidden;
}
