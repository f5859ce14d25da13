using System.Text;

namespace RelationsLedger.Domain;

/// <summary>
/// The kebab-case spelling of enumeration values used in the event contract and the CLI
/// (<c>ambassador-nonresident</c>, <c>de-jure</c>).
/// </summary>
public static class Names
{
    public static string Of<T>(T value) where T : struct, Enum => Kebab(value.ToString());

    public static bool TryParse<T>(string? text, out T value) where T : struct, Enum
    {
        foreach (var candidate in Enum.GetValues<T>())
        {
            if (string.Equals(Of(candidate), text?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                value = candidate;
                return true;
            }
        }
        value = default;
        return false;
    }

    public static IEnumerable<string> All<T>() where T : struct, Enum => Enum.GetValues<T>().Select(v => Of(v));

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
