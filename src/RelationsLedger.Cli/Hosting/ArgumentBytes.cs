using System.Text;
using RelationsLedger.Application.Serialization;

namespace RelationsLedger.Cli.Hosting;

/// <summary>
/// The command line's words as the kernel gave them to the process (<c>/proc/self/cmdline</c>). .NET decodes each as UTF-8 and
/// puts U+FFFD in place of bytes that are not, so an argument typed in another encoding — a Latin-1 terminal's 'café' — was
/// recorded as 'caf\uFFFD', text no one typed, with exit code 0, while the HTTP API refuses a body that is not UTF-8 and
/// <c>record-batch</c> names each such line of its file. Such an argument is now named, and nothing is done.
/// </summary>
internal static class ArgumentBytes
{
    private const string CommandLine = "/proc/self/cmdline";

    /// <summary>
    /// One problem per argument whose bytes are not UTF-8. Only an argument that holds U+FFFD can be one, so the words are read
    /// only then; when they cannot be read (not Linux) or do not end with <paramref name="args"/> as .NET decoded them, none.
    /// </summary>
    public static List<string> NotUtf8(string[] args)
    {
        if (Array.FindIndex(args, a => a.Contains('\uFFFD', StringComparison.Ordinal)) < 0) return [];
        byte[] line;
        try
        {
            line = File.ReadAllBytes(CommandLine);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
        // Each word ends with a NUL; the host ('dotnet', the program's path) comes first, the arguments last.
        var words = new List<byte[]>();
        for (var start = 0; start < line.Length;)
        {
            var end = Array.IndexOf(line, (byte)0, start);
            if (end < 0) end = line.Length;
            words.Add(line[start..end]);
            start = end + 1;
        }
        if (words.Count < args.Length) return [];
        var given = words[^args.Length..];
        var problems = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            if (Encoding.UTF8.GetString(given[i]) != args[i]) return []; // not this process's arguments as decoded: say nothing
            if (Utf8Text.ProblemOf(given[i], "typed in a terminal, or written by a script, in another encoding?") is { } problem)
                problems.Add($"{Name(args, i)}: '{args[i]}' {problem}, and would be read as U+FFFD (shown \uFFFD), text no one typed.");
        }
        return problems;
    }

    /// <summary>The option an argument is the value of (<c>--list</c>), else its place on the line.</summary>
    private static string Name(string[] args, int i) =>
        i > 0 && args[i - 1].StartsWith("--", StringComparison.Ordinal) && !args[i].StartsWith('-') ? args[i - 1] : $"argument {i + 1}";
}
