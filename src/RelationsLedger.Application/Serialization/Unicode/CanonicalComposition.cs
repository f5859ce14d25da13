using System.Collections.Frozen;
using System.Text;

namespace RelationsLedger.Application.Serialization.Unicode;

/// <summary>
/// Unicode normalization form C (UAX #15: canonical decomposition, canonical ordering, canonical composition) over the
/// tables <c>generate.py</c> writes. The ledger runs with InvariantGlobalization (no ICU: a faster start, one behaviour on
/// every machine), where .NET's <see cref="string.Normalize()"/> leaves any text that is not ASCII as it is.
/// </summary>
internal static class CanonicalComposition
{
    private const int SBase = 0xAC00, LBase = 0x1100, VBase = 0x1161, TBase = 0x11A7, LCount = 19, VCount = 21, TCount = 28;
    private const int NCount = VCount * TCount, SCount = LCount * NCount;

    private static readonly FrozenDictionary<int, string> Decompositions =
        CanonicalTables.DecomposedKeys.Zip(CanonicalTables.DecomposedValues).ToFrozenDictionary(p => p.First, p => p.Second);

    private static readonly FrozenDictionary<int, byte> Classes =
        CanonicalTables.ClassKeys.Zip(CanonicalTables.ClassValues).ToFrozenDictionary(p => p.First, p => p.Second);

    private static readonly FrozenDictionary<long, int> Composites = Enumerable.Range(0, CanonicalTables.Compositions.Length / 3)
        .ToFrozenDictionary(i => Pair(CanonicalTables.Compositions[3 * i], CanonicalTables.Compositions[3 * i + 1]), i => CanonicalTables.Compositions[3 * i + 2]);

    /// <summary><paramref name="text"/> in NFC; it must be valid UTF-16 (no lone surrogate).</summary>
    public static string Compose(string text)
    {
        var points = new List<int>(text.Length + 8);
        foreach (var rune in text.EnumerateRunes()) Decompose(rune.Value, points);
        Reorder(points);
        ComposeInPlace(points);
        var composed = new StringBuilder(points.Count);
        Span<char> units = stackalloc char[2];
        foreach (var p in points) composed.Append(units[..new Rune(p).EncodeToUtf16(units)]);
        var result = composed.ToString();
        return result == text ? text : result;
    }

    private static byte Class(int point) => Classes.TryGetValue(point, out var c) ? c : (byte)0;

    private static long Pair(int first, int second) => ((long)first << 21) | (uint)second;

    private static void Decompose(int point, List<int> into)
    {
        if (point - SBase is >= 0 and < SCount and var s)
        {
            into.Add(LBase + s / NCount);
            into.Add(VBase + s % NCount / TCount);
            if (s % TCount is > 0 and var t) into.Add(TBase + t);
        }
        else if (Decompositions.TryGetValue(point, out var full))
            foreach (var rune in full.EnumerateRunes()) into.Add(rune.Value);
        else into.Add(point);
    }

    /// <summary>Canonical ordering: each run of combining marks sorted by class, stably.</summary>
    private static void Reorder(List<int> points)
    {
        for (var i = 1; i < points.Count; i++)
        {
            var c = Class(points[i]);
            if (c == 0) continue;
            for (var j = i; j > 0 && Class(points[j - 1]) > c; j--) (points[j - 1], points[j]) = (points[j], points[j - 1]);
        }
    }

    /// <summary>Canonical composition: each mark joins the last starter unless a mark of its class or higher (or a starter) stands between.</summary>
    private static void ComposeInPlace(List<int> points)
    {
        if (points.Count == 0) return;
        var (starter, written) = (0, 1);
        int lastClass = Class(points[0]) == 0 ? 0 : 256;
        for (var i = 1; i < points.Count; i++)
        {
            var (point, pointClass) = (points[i], Class(points[i]));
            if ((lastClass < pointClass || lastClass == 0) && Composite(points[starter], point) is { } composite)
            {
                points[starter] = composite;
                continue;
            }
            if (pointClass == 0) starter = written;
            lastClass = pointClass;
            points[written++] = point;
        }
        points.RemoveRange(written, points.Count - written);
    }

    private static int? Composite(int first, int second)
    {
        if (first - LBase is >= 0 and < LCount and var l && second - VBase is >= 0 and < VCount and var v)
            return SBase + (l * VCount + v) * TCount;
        if (first - SBase is >= 0 and < SCount and var s && s % TCount == 0 && second - TBase is > 0 and < TCount and var t)
            return first + t;
        return Composites.TryGetValue(Pair(first, second), out var c) ? c : null;
    }
}
