using System.Text;

namespace RelationsLedger.Domain;

/// <summary>
/// The kebab-case spelling of enumeration values used in the event contract and the CLI
/// (<c>ambassador-nonresident</c>, <c>de-jure</c>).
/// </summary>
public static class Names
{
    public static string Of<T>(T value) where T : struct, Enum
    {
        var values = Spelling<T>.Values;
        for (var i = 0; i < values.Length; i++)
            if (EqualityComparer<T>.Default.Equals(values[i], value)) return Spelling<T>.Words[i];
        return Kebab(value.ToString()); // a value no name declares: spelled as it prints
    }

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
    /// Plain arrays and loops, no LINQ or dictionary: this is instantiated for each enumeration, a value type, and LINQ's
    /// iterators and a dictionary over one are compiled at run time for each (about 25 methods per enumeration on every
    /// cold start, ahead-of-time compilation or not), where a search through a handful of values costs as little.
    /// </summary>
    private static class Spelling<T> where T : struct, Enum
    {
        public static readonly T[] Values = Enum.GetValues<T>();
        public static readonly string[] Words = Spell(Values);
        public static readonly IReadOnlyList<string> Listed = Array.AsReadOnly(Words);

        private static string[] Spell(T[] values)
        {
            var words = new string[values.Length];
            for (var i = 0; i < values.Length; i++) words[i] = Kebab(values[i].ToString());
            return words;
        }
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
