namespace RelationsLedger.Application.Commands.Batch;

/// <summary>
/// The batch contradicts the record: some of its commands cannot join their relationship's timeline together with
/// the others. Each is named (<see cref="Refused"/>); nothing of the batch was recorded.
/// </summary>
public sealed class BatchRefusedException(IReadOnlyList<BatchItemRefused> refused)
    : Exception($"The batch contradicts the record; nothing was recorded. Refused: " +
        string.Join("; ", refused.Select(r => r.ToString())) + ".")
{
    public IReadOnlyList<BatchItemRefused> Refused { get; } = refused;
}
