namespace RelationsLedger.Testing;

/// <summary>
/// The real public data the tests read (../shared/data, each folder with its source and licence): it lives beside the
/// repository — CI clones it with shared/ next to it — so walk up from the tests to the solution, then look beside it
/// and its parents.
/// </summary>
public static class SharedData
{
    /// <summary>The folder of one dataset, e.g. <c>us-missions</c> (found by its <paramref name="file"/>).</summary>
    public static string Folder(string dataset, string file = "transitions.csv")
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "RelationsLedger.sln"))) dir = dir.Parent;
        Assert.True(dir is not null, $"RelationsLedger.sln not found above {AppContext.BaseDirectory}");
        for (var up = dir.Parent; up is not null; up = up.Parent)
        {
            var candidate = Path.Combine(up.FullName, "shared", "data", dataset);
            if (File.Exists(Path.Combine(candidate, file))) return candidate;
        }
        throw new FileNotFoundException($"shared/data/{dataset}/{file} not found beside {dir.FullName} or its parents.");
    }
}
