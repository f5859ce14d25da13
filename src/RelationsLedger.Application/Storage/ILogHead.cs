namespace RelationsLedger.Application.Storage;

/// <summary>
/// Optional for a store: the global position of the last event, cheaply. Read models use it for
/// progress bars and lag; without it they count the events after their checkpoint.
/// </summary>
public interface ILogHead
{
    /// <summary>The position of the last event of the log, or null when it is empty.</summary>
    Task<GlobalPosition?> HeadAsync(CancellationToken ct = default);
}
