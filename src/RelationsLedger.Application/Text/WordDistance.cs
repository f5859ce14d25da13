namespace RelationsLedger.Application.Text;

/// <summary>How far apart two words are, to say "did you mean" of a command or a setting a letter or two off.</summary>
public static class WordDistance
{
    /// <summary>How many letters must be added, removed, changed or swapped with their neighbour to make one word the other.</summary>
    public static int Of(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++) d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
            for (var j = 1; j <= b.Length; j++)
            {
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
            }
        return d[a.Length, b.Length];
    }

    /// <summary>
    /// Whether <paramref name="given"/> is close enough to <paramref name="known"/> to offer it as "did you mean": two letters
    /// off or fewer, case aside, or its first three letters or more (a command or a setting cut short).
    /// </summary>
    public static bool IsNear(string known, string given) =>
        Of(known.ToLowerInvariant(), given.ToLowerInvariant()) <= 2 || given.Length >= 3 && known.StartsWith(given, StringComparison.OrdinalIgnoreCase);
}
