using System.Globalization;
using System.Text;

namespace RelationsLedger.Application.Commands.Recording;

/// <summary>
/// Characters that draw nothing: Unicode's format characters (category Cf) and its default-ignorable code points (a
/// zero-width space, a soft hyphen, a byte order mark, a word joiner, a variation selector, a tag, a Hangul filler…).
/// "FTO" and "F&lt;U+200B&gt;TO" look the same to an analyst and an auditor, and a list, a programme or a person recorded
/// under the second is not the one recorded under the first. Following UAX #31 and UTS #39, a name (what another command
/// matches on, or what tells two facts apart) may hold none, but a joiner (ZWNJ U+200C, ZWJ U+200D) between two
/// characters that are not ASCII (a Persian or Indic name, an emoji): there it changes how a word is drawn, and between
/// Latin letters it changes nothing one can see. Prose (a reason, a summary, a source's title) may hold them, as text in
/// Arabic, Hebrew or with emoji does, but for a byte order mark (a file joined into another; the word joiner U+2060 does
/// its other work) and tags outside an emoji flag (invisible letters: text a reader never sees).
/// </summary>
public static class InvisibleCharacters
{
    /// <summary>A format character or a default-ignorable code point (DerivedCoreProperties.txt, Unicode 15.1).</summary>
    public static bool IsInvisible(int c) =>
        CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format
        || c is 0x00AD or 0x034F or 0x061C or 0x115F or 0x1160 or 0x17B4 or 0x17B5 or (>= 0x180B and <= 0x180F)
            or (>= 0x200B and <= 0x200F) or (>= 0x202A and <= 0x202E) or (>= 0x2060 and <= 0x206F) or 0x3164
            or (>= 0xFE00 and <= 0xFE0F) or 0xFEFF or 0xFFA0 or (>= 0xFFF0 and <= 0xFFF8) or (>= 0x1BCA0 and <= 0x1BCA3)
            or (>= 0x1D173 and <= 0x1D17A) or (>= 0xE0000 and <= 0xE0FFF);

    /// <summary>Where the first invisible character a name may not hold is (-1: none), as a 0-based UTF-16 index.</summary>
    public static int InNameAt(string? text)
    {
        if (text is null) return -1;
        for (var i = 0; i < text.Length; i += char.IsSurrogatePair(text, i) ? 2 : 1)
        {
            var c = CodePointAt(text, i);
            if (Hidden(text, i, c) && !FieldRules.IsDirectionControl(c)) return i; // the former are refused as unprintable
        }
        return -1;
    }

    /// <summary>Where the first invisible character prose may not hold is (-1: none), as a 0-based UTF-16 index.</summary>
    public static int InProseAt(string? text)
    {
        if (text is null) return -1;
        var inFlag = false; // after a waving black flag U+1F3F4, until the cancel tag U+E007F: a subdivision's flag (🏴 + "gbeng" + cancel)
        for (var i = 0; i < text.Length; i += char.IsSurrogatePair(text, i) ? 2 : 1)
        {
            var c = CodePointAt(text, i);
            if (c == 0x1F3F4) { inFlag = true; continue; }
            if (c is >= 0xE0020 and <= 0xE007E && inFlag) continue;
            if (c == 0xE007F && inFlag) { inFlag = false; continue; }
            inFlag = false;
            if (c is 0xFEFF or (>= 0xE0000 and <= 0xE007F)) return i;
        }
        return -1;
    }

    private static bool Hidden(string text, int i, int c) => IsInvisible(c) && !IsJoinerInWord(text, i);

    /// <summary>
    /// A joiner (ZWNJ, ZWJ) with a character on each side that is not ASCII, and neither a space nor invisible: where it may
    /// shape a word (UAX #31's contexts A1, A2 and B ask for an Indic virama or Arabic letters; this asks that nothing it
    /// stands between could be told apart from the same without it by a reader of Latin text).
    /// </summary>
    private static bool IsJoinerInWord(string text, int i)
    {
        if (text[i] is not ('\u200C' or '\u200D') || i == 0 || i + 1 >= text.Length) return false;
        var before = char.IsLowSurrogate(text[i - 1]) && i >= 2 ? CodePointAt(text, i - 2) : text[i - 1];
        var after = CodePointAt(text, i + 1);
        return Visible(before) && Visible(after);
        static bool Visible(int c) => c > 0x7F && Rune.IsValid(c) && !IsInvisible(c) && !Rune.IsWhiteSpace(new Rune(c));
    }

    /// <summary>
    /// <paramref name="text"/> with every invisible character that a name may not hold (and the direction controls) shown as <c>⟨U+200B⟩</c>: what a reader
    /// of an event recorded before the ledger refused them sees (the CLI's tables, the workbench), so that two values that
    /// are not the same do not look alike. The event itself is not changed.
    /// </summary>
    public static string Shown(string? text)
    {
        if (string.IsNullOrEmpty(text) || !text.Any(c => c > 0x7F)) return text ?? "";
        var sb = new StringBuilder(text.Length + 16);
        for (var i = 0; i < text.Length; i += char.IsSurrogatePair(text, i) ? 2 : 1)
        {
            var c = CodePointAt(text, i);
            if (Hidden(text, i, c)) sb.Append(CultureInfo.InvariantCulture, $"⟨U+{c:X4}⟩");
            else sb.Append(text, i, char.IsSurrogatePair(text, i) ? 2 : 1);
        }
        return sb.ToString();
    }

    /// <summary>The character at <paramref name="i"/>, both halves of a surrogate pair read as one (a half alone as itself).</summary>
    public static int CodePointAt(string text, int i) => char.IsSurrogatePair(text, i) ? char.ConvertToUtf32(text[i], text[i + 1]) : text[i];

    /// <summary>"U+200B ZERO WIDTH SPACE" for the characters one meets, else "U+XXXX".</summary>
    public static string Name(int c) =>
        Names.TryGetValue(c, out var name) ? $"U+{c:X4} {name}"
        : c is >= 0xE0020 and <= 0xE007E ? $"U+{c:X4} TAG '{(char)(c - 0xE0000)}'" // an invisible copy of an ASCII character
        : $"U+{c:X4}";

    private static readonly Dictionary<int, string> Names = new()
    {
        [0x00AD] = "SOFT HYPHEN", [0x034F] = "COMBINING GRAPHEME JOINER", [0x061C] = "ARABIC LETTER MARK", [0x115F] = "HANGUL CHOSEONG FILLER",
        [0x180E] = "MONGOLIAN VOWEL SEPARATOR", [0x200B] = "ZERO WIDTH SPACE", [0x200C] = "ZERO WIDTH NON-JOINER", [0x200D] = "ZERO WIDTH JOINER",
        [0x200E] = "LEFT-TO-RIGHT MARK", [0x200F] = "RIGHT-TO-LEFT MARK", [0x2060] = "WORD JOINER", [0x2061] = "FUNCTION APPLICATION",
        [0x2062] = "INVISIBLE TIMES", [0x2063] = "INVISIBLE SEPARATOR", [0x2064] = "INVISIBLE PLUS", [0x3164] = "HANGUL FILLER",
        [0xFE0F] = "VARIATION SELECTOR-16", [0xFEFF] = "ZERO WIDTH NO-BREAK SPACE (byte order mark)", [0xFFA0] = "HALFWIDTH HANGUL FILLER",
        [0xE0001] = "LANGUAGE TAG", [0xE007F] = "CANCEL TAG",
        [0x202A] = "LEFT-TO-RIGHT EMBEDDING", [0x202B] = "RIGHT-TO-LEFT EMBEDDING", [0x202C] = "POP DIRECTIONAL FORMATTING",
        [0x202D] = "LEFT-TO-RIGHT OVERRIDE", [0x202E] = "RIGHT-TO-LEFT OVERRIDE", [0x2066] = "LEFT-TO-RIGHT ISOLATE",
        [0x2067] = "RIGHT-TO-LEFT ISOLATE", [0x2068] = "FIRST STRONG ISOLATE", [0x2069] = "POP DIRECTIONAL ISOLATE",
    };
}
