namespace RelationsLedger.Testing;

/// <summary>Finds files of the repository (docs, shared data) from a test's output folder.</summary>
public static class RepositoryFiles
{
    public static string Root { get; } = FindRoot();

    public static string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "RelationsLedger.sln"))) return dir.FullName;
        throw new InvalidOperationException($"No RelationsLedger.sln above {AppContext.BaseDirectory}.");
    }
}
