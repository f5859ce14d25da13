namespace RelationsLedger.Application.Storage;

/// <summary>
/// The stream's new last revision and the global position of the last event appended. <see cref="Repeated"/>:
/// the store recognised the append as one already made (the same event ids) and answered with its original result.
/// </summary>
public sealed record AppendResult(ulong NextExpectedRevision, GlobalPosition Position, bool Repeated = false);
