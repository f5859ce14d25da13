namespace RelationsLedger.Testing;

/// <summary>An export's text as the tests take it apart: its event lines, without the end line every export ends with (docs/audit.md).</summary>
public static class ExportText
{
    /// <summary>The lines of <paramref name="text"/> that are events: a file made of them again is an export of an earlier version, without an end line.</summary>
    public static List<string> EventLines(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !IsEnd(l)).ToList();

    /// <summary>Whether the line is the export's end line (<c>{"exportEnd":…}</c>).</summary>
    public static bool IsEnd(string line) => line.StartsWith("{\"exportEnd\":", StringComparison.Ordinal);
}
