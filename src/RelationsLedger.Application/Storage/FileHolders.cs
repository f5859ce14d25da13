using System.Text;

namespace RelationsLedger.Application.Storage;

/// <summary>
/// The other processes that have a file open, found in <c>/proc/PID/fd</c> (Linux; processes of other users are not seen
/// unless this one may look at them), so a refusal can name who holds the file: an operator told "another process has it
/// open" had to find it with <c>lsof</c>, and a second <c>ledger store upgrade</c> was told of "a running 'ledger serve'?".
/// </summary>
public static class FileHolders
{
    private const int MostNamed = 3, LongestCommand = 160;

    /// <summary>
    /// "process 4242: dotnet ledger.dll --store /data/l.db serve" (and up to two more, separated by "; "), for the processes other
    /// than this one holding <paramref name="file"/> or its SQLite side files open; null when none is seen (or elsewhere than Linux).
    /// </summary>
    public static string? Describe(string file)
    {
        if (!OperatingSystem.IsLinux()) return null;
        var wanted = ((string[])[file, .. SqliteFilePlace.SideFiles.Select(side => file + side)])
            .Select(FileStatus.Identity).OfType<(uint, uint, ulong)>().ToHashSet();
        if (wanted.Count == 0) return null;
        var holders = new List<string>();
        foreach (var process in Processes())
        {
            if (process == Environment.ProcessId || !Holds(process, wanted)) continue;
            holders.Add($"process {process}: {CommandLine(process)}");
            if (holders.Count == MostNamed) break;
        }
        return holders.Count == 0 ? null : string.Join("; ", holders);
    }

    private static IEnumerable<int> Processes()
    {
        string[] entries;
        try { entries = Directory.GetDirectories("/proc"); }
        catch (IOException) { yield break; }
        foreach (var entry in entries)
            if (int.TryParse(Path.GetFileName(entry), out var id)) yield return id;
    }

    /// <summary>Whether one of the process's open files is one of <paramref name="wanted"/> (statx follows each fd's link to the open file).</summary>
    private static bool Holds(int process, HashSet<(uint, uint, ulong)> wanted)
    {
        try
        {
            return Directory.EnumerateFileSystemEntries($"/proc/{process}/fd").Any(fd => FileStatus.Identity(fd) is { } open && wanted.Contains(open));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false; // ended meanwhile, or another user's
        }
    }

    /// <summary>Its command line, arguments separated by spaces, control characters shown as '?' (it is another program's text), cut at 160 characters.</summary>
    private static string CommandLine(int process)
    {
        string text;
        try { text = Encoding.UTF8.GetString(File.ReadAllBytes($"/proc/{process}/cmdline")).TrimEnd('\0').Replace('\0', ' '); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return "(its command line cannot be read)"; }
        var shown = new string(text.Select(c => char.IsControl(c) ? '?' : c).ToArray());
        return shown.Length <= LongestCommand ? shown : shown[..LongestCommand] + "…";
    }
}
