using System.Globalization;
using System.Text;
using RelationsLedger.Application.Serialization;

namespace RelationsLedger.Application.Tests.Serialization;

/// <summary>
/// The ledger composes text itself (it runs without ICU, where .NET's normalization does nothing beyond ASCII): held to
/// Python's unicodedata on the vectors <c>generate.py</c> wrote beside the tables — every character with a canonical
/// decomposition, given decomposed and composed; Hangul syllables given as jamo; and random runs of starters and combining
/// marks in every order, which the canonical ordering and the blocking rule decide.
/// </summary>
public sealed class CanonicalCompositionTests
{
    public static TheoryData<int> Chunks() => [.. Enumerable.Range(0, 8)];

    [Theory]
    [MemberData(nameof(Chunks))]
    public void Every_vector_composes_as_unicodedata_composes_it(int chunk)
    {
        var vectors = File.ReadLines(Path.Combine(AppContext.BaseDirectory, "Serialization", "nfc-vectors.txt"))
            .Where(l => !l.StartsWith('#')).ToList();
        Assert.True(vectors.Count > 5000, $"{vectors.Count} vectors");
        var wrong = new List<string>();
        foreach (var line in vectors.Where((_, i) => i % 8 == chunk))
        {
            var (input, expected) = (Text(line.Split(';')[0]), Text(line.Split(';')[1]));
            if (ComposedText.Of(input) != expected) wrong.Add($"{line} gave {Points(ComposedText.Of(input))}");
            if (ComposedText.Of(expected) != expected) wrong.Add($"{line}: its NFC changed to {Points(ComposedText.Of(expected))}");
        }
        Assert.True(wrong.Count == 0, string.Join("\n", wrong.Take(20)));
    }

    [Fact]
    public void Composed_text_is_the_same_string()
    {
        const string text = "Liste fédérale — 東京 — Ελλάδα — \U0001F600";
        Assert.Same(text, ComposedText.Of(text));
    }

    [Fact]
    public void A_lone_surrogate_is_left_for_the_validators_not_mended()
    {
        var text = "e\u0301\uD800";
        Assert.Equal(text, ComposedText.Of(text));
    }

    private static string Text(string points) =>
        string.Concat(points.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(p => new Rune(int.Parse(p, NumberStyles.HexNumber, CultureInfo.InvariantCulture)).ToString()));

    private static string Points(string text) => string.Join(' ', text.EnumerateRunes().Select(r => r.Value.ToString("X", CultureInfo.InvariantCulture)));
}
