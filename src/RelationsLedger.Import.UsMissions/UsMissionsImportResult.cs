namespace RelationsLedger.Import.UsMissions;

/// <summary>What the import did with each row, and which file its events name as their source (<see cref="DatasetVersion.Name"/>).</summary>
public sealed record UsMissionsImportResult(int Rows, int Recorded, int AlreadyRecorded, IReadOnlyList<string> Skipped, IReadOnlyList<string> Refused, string Dataset);
