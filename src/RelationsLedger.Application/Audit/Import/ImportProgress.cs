namespace RelationsLedger.Application.Audit.Import;

/// <summary>
/// Progress of one phase: the store's log read (events, total unknown), reading and checking the file (bytes),
/// then appending (events).
/// </summary>
public sealed record ImportProgress(ImportPhase Phase, long Done, long? Total);
