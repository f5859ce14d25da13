using RelationsLedger.Application.Serialization;

namespace RelationsLedger.Application.Tests.Serialization;

public sealed class EchoedTextTests
{
    [Fact]
    public void A_short_message_and_short_quoted_values_are_left_as_they_are()
    {
        var message = $"'asOf' must be a day of the form YYYY-MM-DD; '{new string('1', EchoedText.LongestQuoted)}' is not.";
        Assert.Equal(message, EchoedText.Bounded(message));
    }

    [Fact]
    public void A_long_quoted_value_keeps_its_start_its_end_and_says_its_length()
    {
        var value = "start-" + new string('m', 5_000) + "-the-end.csv";
        Assert.Equal($"--output 'start-{new string('m', 54)}…mmmmmmmm-the-end.csv' (5,018 characters) is a directory; name a file.",
            EchoedText.Bounded($"--output '{value}' is a directory; name a file."));
    }

    [Fact]
    public void A_long_value_holding_apostrophes_is_bounded_as_a_run_without_blanks()
    {
        var value = string.Concat(Enumerable.Repeat("d'Ivoire", 1_000));
        var bounded = EchoedText.Bounded($"'{value}' is not a party.");
        Assert.True(bounded.Length < 200, bounded);
        Assert.EndsWith("(8,002 characters) is not a party.", bounded, StringComparison.Ordinal);
    }

    [Fact]
    public void An_excerpt_never_splits_a_character_of_two_UTF16_units()
    {
        var value = new string('x', 59) + string.Concat(Enumerable.Repeat("😀", 500)); // a surrogate pair across the cut at 60 and at the end
        var quoted = EchoedText.Quote(value);
        foreach (var (c, i) in quoted.Select((c, i) => (c, i)))
        {
            if (char.IsHighSurrogate(c)) Assert.True(i + 1 < quoted.Length && char.IsLowSurrogate(quoted[i + 1]), $"a lone high surrogate at {i}");
            if (char.IsLowSurrogate(c)) Assert.True(i > 0 && char.IsHighSurrogate(quoted[i - 1]), $"a lone low surrogate at {i}");
        }
        Assert.Contains("(1,059 characters)", quoted, StringComparison.Ordinal);
    }
}
