using System.Globalization;
using RelationsLedger.Application.Storage;

namespace RelationsLedger.Application.Tests.Serialization;

/// <summary>
/// A position as text (an export line's <c>position</c>, the feed's <c>after</c>): read in place since round 58 of issue #16,
/// where it was split into parts and each part's characters enumerated. The reading must take and refuse exactly what the
/// split did, so the split is kept here as the oracle and both are run on the forms that matter and on random text made of
/// the characters that could tell them apart.
/// </summary>
public sealed class GlobalPositionTextTests
{
    [Theory]
    [InlineData("0", 0UL, 0UL)]
    [InlineData("42", 42UL, 42UL)]
    [InlineData("7/9", 7UL, 9UL)]
    [InlineData("18446744073709551615", ulong.MaxValue, ulong.MaxValue)]
    [InlineData("007/0", 7UL, 0UL)]
    public void A_position_in_the_form_written_is_read(string text, ulong commit, ulong prepare)
    {
        Assert.True(GlobalPosition.TryParse(text, out var position));
        Assert.Equal(new GlobalPosition(commit, prepare), position);
        Assert.True(GlobalPosition.IsWrittenAsPosition(text));
    }

    [Theory]
    [InlineData(null, false)]
    [InlineData("", false)]
    [InlineData("/", false)]
    [InlineData("1/", false)]
    [InlineData("/1", false)]
    [InlineData("1/2/3", false)]
    [InlineData("1//2", false)]
    [InlineData("2\0", false)]
    [InlineData(" 1", false)]
    [InlineData("+1", false)]
    [InlineData("-1", false)]
    [InlineData("١٢", false)] // Arabic-Indic digits: digits to char.IsDigit, not to a position
    [InlineData("18446744073709551616", true)] // the form, though no ulong holds it
    [InlineData("1/18446744073709551616", true)]
    public void Text_that_is_no_position_is_refused_and_its_form_told(string? text, bool hasTheForm)
    {
        Assert.False(GlobalPosition.TryParse(text, out var position));
        Assert.Equal(default, position);
        Assert.Equal(hasTheForm, GlobalPosition.IsWrittenAsPosition(text));
    }

    [Fact]
    public void Random_text_is_read_as_the_split_read_it()
    {
        var random = new Random(58);
        const string alphabet = "0123456789//\0 +-a١";
        var positions = 0;
        for (var i = 0; i < 50_000; i++)
        {
            var chars = new char[random.Next(0, 24)];
            for (var j = 0; j < chars.Length; j++) chars[j] = alphabet[random.Next(alphabet.Length)];
            var text = new string(chars);
            var read = GlobalPosition.TryParse(text, out var position);
            var (expectedRead, expected) = SplitTryParse(text);
            Assert.True(read == expectedRead && position == expected, $"'{text}': read {read} {position}, the split {expectedRead} {expected}");
            Assert.True(SplitForm(text) == GlobalPosition.IsWrittenAsPosition(text), $"'{text}': the form");
            if (read) positions++;
        }
        Assert.True(positions > 500, $"only {positions} of the texts were positions: the test would not see a fault in reading one");
    }

    /// <summary>Round 57's reading (main before round 58), verbatim but for the names.</summary>
    private static (bool, GlobalPosition) SplitTryParse(string? text)
    {
        if (!SplitForm(text)) return (false, default);
        var parts = text!.Split('/');
        if (!ulong.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var commit)) return (false, default);
        var prepare = commit;
        if (parts.Length == 2 && !ulong.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out prepare)) return (false, default);
        return (true, new(commit, prepare));
    }

    private static bool SplitForm(string? text) =>
        (text ?? "").Split('/') is { Length: 1 or 2 } parts && parts.All(p => p.Length > 0 && p.All(char.IsAsciiDigit));
}
