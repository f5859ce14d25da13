using System.Globalization;

namespace RelationsLedger.Application.Storage;

/// <summary>
/// An event's place in the global log. KurrentDB gives a (commit, prepare) pair; the embedded
/// store uses one sequence number for both. Written as <c>commit</c> when both are equal, else
/// <c>commit/prepare</c>.
/// </summary>
public readonly record struct GlobalPosition(ulong Commit, ulong Prepare) : IComparable<GlobalPosition>
{
    public static GlobalPosition Start => new(0, 0);

    public static GlobalPosition Of(ulong sequence) => new(sequence, sequence);

    public int CompareTo(GlobalPosition other) =>
        Commit != other.Commit ? Commit.CompareTo(other.Commit) : Prepare.CompareTo(other.Prepare);

    public static bool operator <(GlobalPosition a, GlobalPosition b) => a.CompareTo(b) < 0;
    public static bool operator >(GlobalPosition a, GlobalPosition b) => a.CompareTo(b) > 0;
    public static bool operator <=(GlobalPosition a, GlobalPosition b) => a.CompareTo(b) <= 0;
    public static bool operator >=(GlobalPosition a, GlobalPosition b) => a.CompareTo(b) >= 0;

    public override string ToString() => Commit == Prepare
        ? Commit.ToString(CultureInfo.InvariantCulture)
        : $"{Commit.ToString(CultureInfo.InvariantCulture)}/{Prepare.ToString(CultureInfo.InvariantCulture)}";

    public static bool TryParse(string? text, out GlobalPosition position) => TryParse(text.AsSpan(), out position);

    /// <summary>As <see cref="TryParse(string?, out GlobalPosition)"/>, of text in place (an import's line, read without a string made of it).</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out GlobalPosition position)
    {
        position = default;
        if (!HasPositionForm(text, out var commitText, out var prepareText)) return false;
        if (!ulong.TryParse(commitText, NumberStyles.None, CultureInfo.InvariantCulture, out var commit)) return false;
        var prepare = commit;
        if (!prepareText.IsEmpty && !ulong.TryParse(prepareText, NumberStyles.None, CultureInfo.InvariantCulture, out prepare)) return false;
        position = new(commit, prepare);
        return true;
    }

    /// <summary>
    /// Whether <paramref name="text"/> has a position's form: ASCII digits, or two runs of them around a '/' (commit/prepare),
    /// whether or not the numbers fit one. ASCII digits only: .NET's parsing also takes trailing NUL characters ("2\0" as 2),
    /// and such a token is none the feed gave out.
    /// </summary>
    public static bool IsWrittenAsPosition(string? text) => HasPositionForm(text.AsSpan(), out _, out _);

    /// <summary>
    /// The form <see cref="IsWrittenAsPosition"/> names, and its two runs of digits (the second empty without a '/'). Read in
    /// place: an import reads a position on every line, and splitting it made an array, a string per part and an enumerator
    /// per character.
    /// </summary>
    private static bool HasPositionForm(ReadOnlySpan<char> span, out ReadOnlySpan<char> commit, out ReadOnlySpan<char> prepare)
    {
        var slash = span.IndexOf('/');
        commit = slash < 0 ? span : span[..slash];
        prepare = slash < 0 ? default : span[(slash + 1)..];
        return Digits(commit) && (slash < 0 || Digits(prepare)); // a second '/' is in prepare, and not a digit
    }

    private static bool Digits(ReadOnlySpan<char> run) => !run.IsEmpty && !run.ContainsAnyExcept(AsciiDigits);

    // Searched for by SearchValues, not ContainsAnyExceptInRange: that one boxed its two bounds at every call (an import's line, round 66).
    private static readonly System.Buffers.SearchValues<char> AsciiDigits = System.Buffers.SearchValues.Create("0123456789");

    public static GlobalPosition Parse(string text) =>
        TryParse(text, out var p) ? p : throw new FormatException($"'{text}' is not a global position (a number, or commit/prepare).");
}
