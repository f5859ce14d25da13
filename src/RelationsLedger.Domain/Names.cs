using System.Text;

namespace RelationsLedger.Domain;

/// <summary>
/// The kebab-case spelling of enumeration values used in the event contract and the CLI
/// (<c>ambassador-nonresident</c>, <c>de-jure</c>).
/// </summary>
public static class Names
{
    public static string Of<T>(T value) where T : struct, Enum =>
        Spelling<T>.ByValue.TryGetValue(value, out var word) ? word : Kebab(value.ToString()); // a value no name declares: spelled as it prints

    public static bool TryParse<T>(string? text, out T value) where T : struct, Enum
    {
        var trimmed = text?.Trim();
        var words = Spelling<T>.Words;
        for (var i = 0; i < words.Length; i++)
        {
            if (string.Equals(words[i], trimmed, StringComparison.OrdinalIgnoreCase))
            {
                value = Spelling<T>.Values[i];
                return true;
            }
        }
        value = default;
        return false;
    }

    public static IEnumerable<string> All<T>() where T : struct, Enum => Spelling<T>.Listed;

    /// <summary>
    /// Each enumeration's values and their spellings, made once: validators, panels and tables spell and parse them for
    /// every command, row and cell, and making each word again cost an array, a string and a builder per value.
    /// </summary>
    private static class Spelling<T> where T : struct, Enum
    {
        public static readonly T[] Values = Enum.GetValues<T>();
        public static readonly string[] Words = Values.Select(v => Kebab(v.ToString())).ToArray();
        public static readonly IReadOnlyList<string> Listed = Array.AsReadOnly(Words);
        public static readonly Dictionary<T, string> ByValue = Values.Zip(Words).DistinctBy(p => p.First).ToDictionary(p => p.First, p => p.Second);
    }

    public static string Kebab(string pascal)
    {
        var sb = new StringBuilder(pascal.Length + 4);
        for (var i = 0; i < pascal.Length; i++)
        {
            if (char.IsUpper(pascal[i]) && i > 0) sb.Append('-');
            sb.Append(char.ToLowerInvariant(pascal[i]));
        }
        return sb.ToString();
    }
}
