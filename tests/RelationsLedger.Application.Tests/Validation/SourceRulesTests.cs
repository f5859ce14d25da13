using FluentValidation;
using RelationsLedger.Application.Commands.Recording;

namespace RelationsLedger.Application.Tests.Validation;

/// <summary>
/// <see cref="SourceRules.AllPass"/> lets a command's sources skip their FluentValidation rules: it must vouch for a source
/// exactly when those rules find nothing wrong with it, or a bad source would be recorded (or a good one sent the slow way).
/// </summary>
public sealed class SourceRulesTests
{
    private static readonly ManualClock Clock = new(new DateTimeOffset(2026, 11, 25, 23, 30, 0, TimeSpan.Zero));

    private static readonly string?[] Texts =
    [
        null, "", " ", "\t", "\u00a0", "Reuters", " padded ", "x", new string('a', 200), new string('a', 201), new string('b', 2000), new string('b', 2001),
        "bell\u0007", "nul\0", "esc\u001b[31m", "line\nbreak", "del\u007f", "c1\u0085", "lone \ud800 high", "lone \udc00 low", "end \ud83d",
        "pair \ud83d\ude00 ok", "rtl \u202e over", "lrm \u200e", "iso \u2066", "\ufffe", "\uffff", "zero\u200bwidth", "Ελληνικά", "日本語",
        new string('c', 199) + "\u0007", new string('d', 2000) + "\ud800",
    ];

    private static readonly string?[] Urls =
    [
        null, "", " ", "https://example.org/a", "http://example.org", "HTTPS://EXAMPLE.ORG/X", "ftp://example.org", "/relative/path", "example.org",
        "not a url", "https://", "mailto:a@example.org", "file:///etc/passwd", " https://example.org/padded ", "https://example.org/\u0007",
        "https://example.org/" + new string('p', 1980), "https://example.org/" + new string('p', 1981), "javascript:alert(1)", "https://exa mple.org",
    ];

    private static readonly string?[] Dates =
    [
        null, "", " ", "2020", "2020-02", "2020-02-29", "2021-02-29", "2020-13", "2020-00", "2020-01-32", "2026", "2026-11", "2026-11-25",
        "2026-11-26", "2026-12", "2027", "0000", "9999-12-31", "20201", "2020-1-01", "abcd", "2020/01/01", "２０２０",
    ];

    [Fact]
    public void A_source_is_vouched_for_exactly_when_its_rules_find_nothing_wrong()
    {
        var rules = new InlineValidator<SourceInput>();
        SourceRules.Define(rules, Clock);
        var random = new Random(31);
        var (vouched, refused) = (0, 0);
        for (var i = 0; i < 20_000; i++)
        {
            var source = new SourceInput(Pick(Texts, random), Pick(Texts, random), Pick(Urls, random), Pick(Texts, random), Pick(Dates, random));
            // Most draws hold a bad field: draw good ones often enough that the shortcut's "yes" is tested as much as its "no".
            if (random.Next(3) == 0) source = source with { Publisher = "Reuters", Title = "A title", Url = random.Next(2) == 0 ? null : source.Url };
            var result = rules.Validate(source);
            var passes = SourceRules.AllPass([source], Clock);
            Assert.True(passes == result.IsValid,
                $"AllPass said {passes}, the rules {(result.IsValid ? "found nothing" : string.Join("; ", result.Errors.Select(e => $"{e.PropertyName}: {e.ErrorMessage}")))} " +
                $"for publisher {Show(source.Publisher)}, title {Show(source.Title)}, url {Show(source.Url)}, reference {Show(source.Reference)}, publishedOn {Show(source.PublishedOn)}");
            if (passes) vouched++; else refused++;
        }
        Assert.True(vouched > 300 && refused > 300, $"vouched for {vouched}, refused {refused}: both answers must be tested");
    }

    [Fact]
    public void Sources_are_vouched_for_only_when_every_one_passes()
    {
        var good = new SourceInput("Reuters", "A title", "https://example.org", null, "2026-11-25");
        Assert.True(SourceRules.AllPass([good, good], Clock));
        Assert.False(SourceRules.AllPass([good, good with { Title = " " }], Clock));
        Assert.False(SourceRules.AllPass([good, null!], Clock));
        Assert.False(SourceRules.AllPass([], Clock));
        Assert.False(SourceRules.AllPass(null, Clock));
    }

    [Fact]
    public async Task A_bad_source_beside_a_good_one_is_named_by_the_rules_as_before()
    {
        await using var ledger = await TestLedger.OpenAsync(Clock);
        var command = TestLedger.Sourced(new Commands.Sanctions.ImposeSanctions("US", "RU", "Programme", "Scope"), "2014-03-17") with
        {
            Sources = [new("Reuters", "A title"), new("AP", "Second\u0007", "ftp://example.org", null, "2026-11-26")],
        };
        var e = await Assert.ThrowsAsync<ValidationException>(() => ledger.Send(command));
        Assert.Equal(
        [
            "sources[1].title: 'title' contains an unprintable character (U+0007 at position 7); text may hold printable characters and spaces only.",
            "sources[1].url: 'url' must be an absolute http(s) URL.",
            "sources[1].publishedOn: 'publishedOn' 2026-11-26 is in the future.",
        ], e.Errors.Select(f => $"{f.PropertyName}: {f.ErrorMessage}"));
    }

    private static string? Pick(string?[] values, Random random) => values[random.Next(values.Length)];

    private static string Show(string? text) => text is null ? "null" : $"'{(text.Length > 40 ? text[..40] + $"…({text.Length})" : text)}'";
}
