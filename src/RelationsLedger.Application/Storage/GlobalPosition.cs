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

    public static bool TryParse(string? text, out GlobalPosition position)
    {
        position = default;
        if (!IsWrittenAsPosition(text)) return false;
        var parts = text!.Split('/');
        if (!ulong.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var commit)) return false;
        var prepare = commit;
        if (parts.Length == 2 && !ulong.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out prepare)) return false;
        position = new(commit, prepare);
        return true;
    }

    /// <summary>
    /// Whether <paramref name="text"/> has a position's form: ASCII digits, or two runs of them around a '/' (commit/prepare),
    /// whether or not the numbers fit one. ASCII digits only: .NET's parsing also takes trailing NUL characters ("2\0" as 2),
    /// and such a token is none the feed gave out.
    /// </summary>
    public static bool IsWrittenAsPosition(string? text) =>
        (text ?? "").Split('/') is { Length: 1 or 2 } parts && parts.All(p => p.Length > 0 && p.All(char.IsAsciiDigit));

    public static GlobalPosition Parse(string text) =>
        TryParse(text, out var p) ? p : throw new FormatException($"'{text}' is not a global position (a number, or commit/prepare).");
}
