using FluentValidation;
using Microsoft.Extensions.DependencyInjection;
using RelationsLedger.Application.Commands.Ambassadors;
using RelationsLedger.Application.Commands.Cooperation;
using RelationsLedger.Application.Commands.Designations;
using RelationsLedger.Application.Commands.Recording;

namespace RelationsLedger.Application.Tests.Validation;

/// <summary>
/// Characters that draw nothing (docs/events.md, "Invisible characters"), through the real pipeline and store: a name (a list,
/// a person, a publisher, a link…) holding one is refused naming the field, the character and its position, and nothing is
/// written; prose keeps what Arabic, Persian, Hebrew and emoji need; an event recorded before the rule is read as it was.
/// </summary>
public sealed class InvisibleCharacterTests : IAsyncLifetime
{
    private static readonly ManualClock Clock = new(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));
    private TestLedger _ledger = null!;

    public async Task InitializeAsync() => _ledger = await TestLedger.OpenAsync(Clock);

    public async Task DisposeAsync() => await _ledger.DisposeAsync();

    private static ImposeDesignation Designation(string list) => TestLedger.Sourced(new ImposeDesignation("US", "hamas", list, "State Department"), "1997-10-08");

    private static MakeStatement Statement(string speaker, string summary) => TestLedger.Sourced(new MakeStatement("RU", "taliban", speaker, "ally", summary), "2024-07");

    private async Task<string> RefusedAsync(RecordCommand command, string field)
    {
        var e = await Assert.ThrowsAsync<ValidationException>(() => _ledger.Send(command));
        Assert.False(File.Exists(_ledger.StorePath), "a refused command writes nothing, not even the file");
        var failure = Assert.Single(e.Errors, f => f.PropertyName == field);
        return failure.ErrorMessage;
    }

    [Theory]
    [InlineData("F\u200BTO", "U+200B ZERO WIDTH SPACE at position 2")]
    [InlineData("FTO\u00AD", "U+00AD SOFT HYPHEN at position 4")]
    [InlineData("\uFEFFFTO", "U+FEFF ZERO WIDTH NO-BREAK SPACE (byte order mark) at position 1")]
    [InlineData("F\u2060TO", "U+2060 WORD JOINER at position 2")]
    [InlineData("F\u200DTO", "U+200D ZERO WIDTH JOINER at position 2")] // between Latin letters a joiner joins nothing one sees
    [InlineData("F\u200CTO", "U+200C ZERO WIDTH NON-JOINER at position 2")]
    [InlineData("FTO\U000E0041", "U+E0041 TAG 'A' at position 4")]
    [InlineData("F\u3164TO", "U+3164 HANGUL FILLER at position 2")]
    [InlineData("F\u180ETO", "U+180E MONGOLIAN VOWEL SEPARATOR at position 2")]
    [InlineData("FTO\uFE0F", "U+FE0F VARIATION SELECTOR-16 at position 4")]
    [InlineData("F\u061CTO", "U+061C ARABIC LETTER MARK at position 2")]
    [InlineData("FTO\u2064", "U+2064 INVISIBLE PLUS at position 4")]
    [InlineData("F\u200ETO", "U+200E LEFT-TO-RIGHT MARK at position 2")] // a mark draws nothing: in a name as U+061C is (round 44)
    [InlineData("F\u200FTO", "U+200F RIGHT-TO-LEFT MARK at position 2")]
    public async Task A_list_name_holding_an_invisible_character_is_refused_naming_it(string list, string named)
    {
        var message = await RefusedAsync(Designation(list), "list");

        Assert.Equal($"'list' holds an invisible character ({named}): a name must read as it is written, or two that look the same would not be the same. Remove it and give the text again.", message);
    }

    [Fact]
    public async Task Every_name_a_command_shares_is_held_to_the_rule()
    {
        var command = Designation("FTO") with { RecordedBy = "analyst\u200B@example.org" };
        Assert.Contains("U+200B ZERO WIDTH SPACE at position 8", await RefusedAsync(command, "recordedBy"), StringComparison.Ordinal);

        command = Designation("FTO") with { Sources = [new SourceInput("Reu\u00ADters", "A report", "https://example.org/\u200Breport", "S/RES/\u20602255")] };
        var e = await Assert.ThrowsAsync<ValidationException>(() => _ledger.Send(command));
        Assert.Equal(["sources[0].publisher", "sources[0].reference", "sources[0].url"], e.Errors.Select(f => f.PropertyName).Order(StringComparer.Ordinal));
        Assert.False(File.Exists(_ledger.StorePath));
    }

    [Fact]
    public async Task A_persons_name_holding_a_joiner_between_the_letters_of_a_script_that_uses_them_is_recorded()
    {
        // ZWNJ inside a Persian name (UAX #31: a joiner is part of such a word), and ZWJ after a Devanagari virama.
        var persian = "علی\u200Cاکبر صالحی";
        var hindi = "क्\u200Dष";
        Assert.False((await _ledger.Send(TestLedger.Sourced(new NominateAmbassador("IR", "RU", persian), "2020"))).AlreadyRecorded);
        Assert.False((await _ledger.Send(Statement(hindi, "A statement"))).AlreadyRecorded);
    }

    [Fact]
    public async Task Prose_keeps_the_invisible_characters_text_in_other_scripts_and_emoji_needs()
    {
        // An emoji's ZWJ sequence and variation selector, the flag of England (tags after U+1F3F4), a soft hyphen, a zero-width
        // space, a right-to-left summary with a joiner: prose is not matched on, and these draw the text as written.
        var summary = "👩\u200D💼 ❤\uFE0F 🏴\U000E0067\U000E0062\U000E0065\U000E006E\U000E0067\U000E007F Tali\u00ADban\u200Bstatement می\u200Cخواهم";
        var recorded = await _ledger.Send(Statement("Putin", summary));
        Assert.False(recorded.AlreadyRecorded);
    }

    /// <summary>
    /// The three direction marks are one rule (round 44): prose keeps each, as Arabic and Hebrew text uses them to set a number or a
    /// Latin name among right-to-left words. Before, the ALM was recorded and the LRM and RLM refused as "unprintable".
    /// </summary>
    [Theory]
    [InlineData("\u0642\u0627\u0644 \u0627\u0644\u0631\u0626\u064A\u0633 \u200FPutin\u200F: \u0644\u0627")]            // RLM after a Latin name in Arabic
    [InlineData("\u05D4\u05DE\u05D7\u05D9\u05E8 \u200E100$\u200E \u05DC\u05D9\u05D7\u05D9\u05D3\u05D4")]              // LRM around a price in Hebrew
    [InlineData("\u0627\u0644\u0639\u062F\u062F \u061C-5\u061C \u0641\u0642\u0637")]                           // ALM before a minus sign
    public async Task Prose_keeps_the_direction_marks_of_right_to_left_text(string summary)
    {
        var recorded = await _ledger.Send(Statement("Putin", summary));
        Assert.False(recorded.AlreadyRecorded);
    }

    /// <summary>What reorders the text after it — embeddings, overrides, isolates ("Trojan Source") — is refused in prose too, named.</summary>
    [Theory]
    [InlineData('\u202A', "U+202A LEFT-TO-RIGHT EMBEDDING")]
    [InlineData('\u202B', "U+202B RIGHT-TO-LEFT EMBEDDING")]
    [InlineData('\u202C', "U+202C POP DIRECTIONAL FORMATTING")]
    [InlineData('\u202D', "U+202D LEFT-TO-RIGHT OVERRIDE")]
    [InlineData('\u202E', "U+202E RIGHT-TO-LEFT OVERRIDE")]
    [InlineData('\u2066', "U+2066 LEFT-TO-RIGHT ISOLATE")]
    [InlineData('\u2067', "U+2067 RIGHT-TO-LEFT ISOLATE")]
    [InlineData('\u2068', "U+2068 FIRST STRONG ISOLATE")]
    [InlineData('\u2069', "U+2069 POP DIRECTIONAL ISOLATE")]
    public async Task Prose_refuses_what_reorders_the_text_after_it_naming_it(char control, string named)
    {
        var message = await RefusedAsync(Statement("Putin", $"Sanctions {control}lifted"), "summary");

        Assert.Equal($"'summary' holds a direction control ({named} at position 11): it reorders the text after it, so a reader would not see " +
            "what was written. A direction mark (U+200E, U+200F, U+061C) is allowed where a name is not asked for. Remove it and give the text again.", message);
    }

    [Theory]
    [InlineData("A statement\uFEFF", "U+FEFF ZERO WIDTH NO-BREAK SPACE (byte order mark) at position 12", "it would carry text a reader does not see")]
    [InlineData("Ally\U000E0069\U000E0067\U000E006E", "U+E0069 TAG 'i' at position 5", "it would carry text a reader does not see")] // "ign…" hidden
    [InlineData("🏴\U000E0067\U000E0062 \U000E0067", "U+E0067 TAG 'g' at position 8", "")] // a flag's tags end at its cancel tag, or at the next character
    public async Task Prose_refuses_a_byte_order_mark_and_tags_outside_a_flag(string summary, string named, string why)
    {
        var message = await RefusedAsync(Statement("Putin", summary), "summary");

        Assert.Contains($"'summary' holds an invisible character ({named}): {why}", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_event_recorded_before_the_rule_is_checked_as_it_was_recorded()
    {
        // What verify and an import ask of an event already in a ledger: the rule is of what the ledger records from now on.
        var validators = _ledger.Services.GetRequiredService<CommandValidators>();
        var old = Designation("F\u200BTO");

        Assert.Empty(validators.ValidateAsRecorded(old));
        Assert.Contains(validators.Validate(old), f => f.PropertyName == "list");
    }

    [Theory]
    [InlineData("FTO", "FTO")]
    [InlineData("F\u200BTO", "F⟨U+200B⟩TO")]
    [InlineData("Putin\u202Emi", "Putin⟨U+202E⟩mi")]
    [InlineData("علی\u200Cاکبر", "علی\u200Cاکبر")]
    [InlineData("F\u200DTO", "F⟨U+200D⟩TO")]
    [InlineData("FTO\U000E0041", "FTO⟨U+E0041⟩")]
    public void A_reader_is_shown_each_invisible_character_a_name_may_not_hold(string text, string shown) =>
        Assert.Equal(shown, InvisibleCharacters.Shown(text));
}
