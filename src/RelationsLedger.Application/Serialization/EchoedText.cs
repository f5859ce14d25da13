using System.Globalization;
using System.Text.RegularExpressions;

namespace RelationsLedger.Application.Serialization;

/// <summary>
/// What an error message may echo of the input it refuses. Messages quote the value they refuse (<c>'2024-01-0111…' is
/// not a day</c>) so that a person sees what was wrong; a value of 130,000 characters was echoed whole — into a
/// terminal, a CI log, a problem body. A long value is shown by its start and its end (the end names a file in a path)
/// and its length. Applied where a message leaves the ledger (the command line's failures, the API's problems), so that
/// every message is bounded, whichever rule made it.
/// </summary>
public static partial class EchoedText
{
    /// <summary>The longest quoted value shown whole; longer ones are excerpted.</summary>
    public const int LongestQuoted = 200;

    /// <summary>The longest run of text without a blank that a message shows whole: no wording of the ledger's own is this long.</summary>
    public const int LongestWord = 300;

    private const int Head = 60, Tail = 20;

    /// <summary><paramref name="message"/> with each long quoted value, and each long run without a blank, excerpted.</summary>
    public static string Bounded(string message)
    {
        if (message.Length <= LongestQuoted) return message;
        var quoted = LongQuoted().Replace(message, m => $"'{Excerpt(m.Groups[1].Value)}' ({Length(m.Groups[1].Value)})");
        return LongWord().Replace(quoted, m => $"{Excerpt(m.Value)} ({Length(m.Value)})");
    }

    /// <summary>A value as a message quotes it: whole when short, else its start and end.</summary>
    public static string Quote(string? text) =>
        text is null ? "null" : text.Length <= LongestQuoted ? $"'{text}'" : $"'{Excerpt(text)}' ({Length(text)})";

    private static string Excerpt(string text)
    {
        var head = char.IsHighSurrogate(text[Head - 1]) ? Head - 1 : Head; // never half of a character
        var tail = char.IsLowSurrogate(text[^Tail]) ? Tail - 1 : Tail;
        return $"{text[..head]}…{text[^tail..]}";
    }

    private static string Length(string text) => string.Create(CultureInfo.InvariantCulture, $"{text.Length:N0} characters");

    // 201 and 301: LongestQuoted + 1 and LongestWord + 1 (a generated pattern must be a constant string).
    // A quoted value opens at an apostrophe with no letter or digit before it and closes at one with none after it; an
    // apostrophe between two letters (batch's, O'Brien, d'Ivoire) is the text's own. Before round 51 any two apostrophes
    // delimited a value: the ledger's own words between the possessive of "the batch's" and a later 'CPEC' — or between
    // the closing quote of one short value and the opening quote of the next — were cut as if they were a long value.
    [GeneratedRegex(@"(?<![\p{L}\p{N}])'((?:[^'\n]|(?<=[\p{L}\p{N}])'(?=[\p{L}\p{N}])){201,})'(?![\p{L}\p{N}])")]
    private static partial Regex LongQuoted();

    [GeneratedRegex(@"[^\s]{301,}")]
    private static partial Regex LongWord();
}
