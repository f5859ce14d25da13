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
    public void A_long_value_holding_apostrophes_is_bounded()
    {
        // Its apostrophes are between letters, so it is one quoted value, counted without its quotes (before round 51 it was
        // bounded only as a run without blanks, quotes and all: "(8,002 characters)").
        var value = string.Concat(Enumerable.Repeat("d'Ivoire", 1_000));
        var bounded = EchoedText.Bounded($"'{value}' is not a party.");
        Assert.True(bounded.Length < 200, bounded);
        Assert.EndsWith("(8,000 characters) is not a party.", bounded, StringComparison.Ordinal);
    }

    [Fact]
    public void The_ledger_s_own_words_between_a_possessive_and_a_later_quoted_value_are_not_taken_for_a_quoted_value()
    {
        // A batch's correlation refusal, as the API and the CLI sent it (round 51): the apostrophe of "batch's" opened a
        // "quoted value" that the quote before 'CPEC' closed, and the 300 characters between them — the correlation ids and
        // why — were cut to "…fuse it (no project ' (309 characters)CPEC'".
        var message = "is accepted only together with the batch's other commands on CN–PK, but they carry different correlation ids " +
            "(55555555-5555-5555-5555-000000000011, 55555555-5555-5555-5555-000000000012): the record shows which events were decided " +
            "together only by a shared correlation id, so verify and an import would decide this one apart and refuse it (no project " +
            "'CPEC' has been proposed by 2016). Give the batch's commands on this relationship one correlation id, or none of their own.";
        Assert.Equal(message, EchoedText.Bounded(message));
    }

    [Fact]
    public void The_closing_quote_of_one_value_does_not_open_another_running_to_the_next()
    {
        var message = "'afterEventId' names event 9a41a1a4-0b7d-4c61-9a3e-1d2f5e6a7c00 at 2, which was deleted from the store file " +
            "(the log shows position 2 empty, and the positions after it are the events recorded since the copy was made; " +
            "the ledger names them): resume from 'after' 1, the last position before them.";
        Assert.Equal(message, EchoedText.Bounded(message));
    }

    [Fact]
    public void A_long_value_holding_a_possessive_and_blanks_is_still_bounded()
    {
        var value = "O'Brien's " + string.Concat(Enumerable.Repeat("ambassador in post ", 100));
        var bounded = EchoedText.Bounded($"'person' '{value}' is longer than 200 characters.");
        Assert.Equal($"'person' '{value[..60]}…{value[^20..]}' (1,910 characters) is longer than 200 characters.", bounded);
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
