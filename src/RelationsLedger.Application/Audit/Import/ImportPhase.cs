namespace RelationsLedger.Application.Audit.Import;

/// <summary>
/// The phases an import reports: <see cref="ReadingLog"/> only on a store that cannot find events by id (KurrentDB),
/// whose log is read once before the file; then checking the file, then appending.
/// </summary>
public enum ImportPhase { Checking, Appending, ReadingLog }
