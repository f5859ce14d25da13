using RelationsLedger.Application.Commands.Recording;
using RelationsLedger.Cli.Hosting;

namespace RelationsLedger.Cli.Commands;

/// <summary>Reads <c>--source "publisher=…;title=…;url=…;reference=…;published=…"</c>; a literal ';' is written '\;'.</summary>
public static class SourceText
{
    private static readonly string[] Keys = ["publisher", "title", "url", "reference", "published"];

    public static SourceInput Parse(string text)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var part in SplitUnescaped(text).Where(p => p.Trim().Length > 0))
        {
            var at = part.IndexOf('=', StringComparison.Ordinal);
            var key = at > 0 ? part[..at].Trim() : "";
            if (!Keys.Contains(key, StringComparer.OrdinalIgnoreCase))
                throw new CliInputException($"--source '{text}': '{part.Trim()}' is not one of {string.Join(", ", Keys.Select(k => k + "=…"))}" +
                    (at < 0 ? @" (a ';' ends a value: for one inside a value, write it '\;')." : "."), "sources");
            if (!values.TryAdd(key, part[(at + 1)..].Trim()))
                throw new CliInputException($"--source '{text}': '{key}' is given twice.", "sources");
        }
        string? Get(string key) => values.TryGetValue(key, out var v) && v.Length > 0 ? v : null;
        return new(Get("publisher"), Get("title"), Get("url"), Get("reference"), Get("published"));
    }

    private static IEnumerable<string> SplitUnescaped(string text)
    {
        var current = new System.Text.StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\\' && i + 1 < text.Length && text[i + 1] == ';') { current.Append(';'); i++; }
            else if (text[i] == ';') { yield return current.ToString(); current.Clear(); }
            else current.Append(text[i]);
        }
        yield return current.ToString();
    }
}
