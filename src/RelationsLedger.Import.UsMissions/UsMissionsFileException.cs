namespace RelationsLedger.Import.UsMissions;

/// <summary>
/// A transitions.csv that cannot be imported, with every problem found in it (up to <see cref="UsMissionsImport.MostProblems"/>),
/// each naming its line and field: a file with several mistakes is mended in one pass, not one run per mistake.
/// </summary>
public sealed class UsMissionsFileException(IReadOnlyList<string> problems)
    : FormatException(string.Join(Environment.NewLine, problems))
{
    public IReadOnlyList<string> Problems { get; } = problems;
}
