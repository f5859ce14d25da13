namespace RelationsLedger.Import.UsMissions;

/// <summary>What the import did with each row.</summary>
public sealed record UsMissionsImportResult(int Rows, int Recorded, int AlreadyRecorded, IReadOnlyList<string> Skipped, IReadOnlyList<string> Refused);
