using System.Globalization;
using System.Text;
using RelationsLedger.Application.Commands.Recording;

namespace RelationsLedger.Cli.Output;

/// <summary>
/// Text as it may reach a terminal: control characters (ESC, BEL, NUL, DEL, C1…) and invisible direction
/// overrides shown as <c>\u001b</c> rather than obeyed. The ledger refuses them in new input; this keeps
/// what came in before (an import, a forged row) from driving the terminal.
/// </summary>
public static class Printable
{
    public static string Text(string? text) => InvisibleCharacters.Shown(Escaped(text));

    private static string Escaped(string? text)
    {
        if (string.IsNullOrEmpty(text)) return text ?? "";
        if (!text.Any(IsUnsafe)) return text;
        var sb = new StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            if (c == '\n') sb.Append(c); // line breaks of our own messages and tables stay
            else if (IsUnsafe(c)) sb.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
            else sb.Append(c);
        }
        return sb.ToString();
    }

    /// <summary>Control characters and the invisible characters that reorder text on a terminal (a direction mark is shown as ⟨U+200E⟩ by <see cref="InvisibleCharacters.Shown"/>, as U+061C is).</summary>
    public static bool IsUnsafe(char c) => char.IsControl(c) || FieldRules.IsDirectionControl(c);
}
