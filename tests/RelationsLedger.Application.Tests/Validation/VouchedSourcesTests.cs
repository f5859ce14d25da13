using FluentValidation;
using FluentValidation.Results;
using Microsoft.Extensions.DependencyInjection;
using RelationsLedger.Application.Commands.Designations;
using RelationsLedger.Application.Commands.Recording;

namespace RelationsLedger.Application.Tests.Validation;

/// <summary>
/// A run's memo of the sources that passed the sources' rules (<see cref="VouchedSources"/>, what an import, verify and digest
/// hand the validators) refuses exactly what validation without it refuses, with the same failures in the same order: on
/// hostile sources that look like good ones, with the clock crossing midnight forwards and back, checked as recorded and not.
/// </summary>
public sealed class VouchedSourcesTests : IAsyncLifetime
{
    /// <summary>Noon of the 25th where each day begins first (UTC+14), the day a date in the future is measured against.</summary>
    private static readonly DateTimeOffset Noon = new(2026, 11, 25, 12, 0, 0, TimeSpan.FromHours(14));
    private readonly ManualClock _clock = new(Noon);
    private TestLedger _ledger = null!;
    private CommandValidators _validators = null!;

    public async Task InitializeAsync()
    {
        _ledger = await TestLedger.OpenAsync(_clock);
        _validators = _ledger.Services.GetRequiredService<CommandValidators>();
    }

    public async Task DisposeAsync() => await _ledger.DisposeAsync();

    private static readonly SourceInput Good = new("Reuters", "A report", "https://example.org/report", "S/RES/2255", "2025-05");

    /// <summary>Good sources and bad ones that differ from a good one by a character, a date or a length only.</summary>
    private static readonly SourceInput?[] Pool =
    [
        Good,
        Good with { Reference = null, Url = null },
        Good with { PublishedOn = null },
        new("AP", "Another report", null, null, "2026-11"),       // this month: not in the future on the 25th
        Good with { PublishedOn = "2026-11-26" },                  // tomorrow at noon on the 25th; past once the clock is on the 26th
        Good with { PublishedOn = "2026-11-25" },                  // today
        Good with { PublishedOn = "2026-12" },                     // next month
        Good with { PublishedOn = "2025-02-29" },                  // a day that does not exist
        Good with { Publisher = "Reuters\u200E" },                 // an invisible mark in a name: recorded before the rule, refused now
        Good with { Reference = "S/RES/\u20602255" },              // a word joiner in a reference: the same
        Good with { Title = "A report\u200B" },                    // prose may hold one
        Good with { Title = "A rep\u0007ort" },                    // a control character: refused either way
        Good with { Publisher = "Reu\u202Eters" },                 // a direction control
        Good with { Title = "A report\uD800" },                    // half a surrogate pair
        Good with { Publisher = " " },                             // blank
        Good with { Publisher = null },
        Good with { Title = "" },
        Good with { Url = "ftp://example.org/report" },
        Good with { Url = "example.org/report" },
        Good with { Publisher = new string('R', FieldRules.ShortText) },
        Good with { Publisher = new string('R', FieldRules.ShortText + 1) },
        Good with { Title = new string('T', FieldRules.LongText + 1) },
        null,
    ];

    private static readonly DateTimeOffset[] Times =
    [
        Noon, Noon.AddHours(11).AddMinutes(59), Noon.AddHours(12).AddSeconds(1), Noon.AddDays(1), Noon.AddDays(-1), Noon.AddDays(60),
    ];

    private static ImposeDesignation Command(IReadOnlyList<SourceInput?> sources, bool goodRest) =>
        new ImposeDesignation("RU", "taliban", "Federal list", "Supreme Court")
        {
            EffectiveDate = "2003-02-14",
            RecordedBy = goodRest ? "tester" : "",
            Sources = (IReadOnlyList<SourceInput>)sources, // a null source, as a body may give one
        };

    private static string Said(List<ValidationFailure> failures) => string.Join("\n", failures.Select(f => $"{f.PropertyName}: {f.ErrorMessage}"));

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void The_memo_refuses_exactly_what_validation_without_it_refuses(int seed)
    {
        var rng = new Random(seed);
        var vouched = new VouchedSources();
        var skipped = 0;
        for (var step = 0; step < 3_000; step++)
        {
            if (rng.Next(50) == 0) _clock.Now = Times[rng.Next(Times.Length)]; // forwards and back across midnight
            var sources = Enumerable.Range(0, rng.Next(4)).Select(_ => Pool[rng.Next(Pool.Length)]).ToList();
            var command = Command(sources, goodRest: rng.Next(10) > 0);
            var asRecorded = rng.Next(2) == 0;
            if (vouched.VouchForAll(sources, asRecorded, FieldRules.LatestDayBegun(_clock))) skipped++;

            var without = asRecorded ? _validators.ValidateAsRecorded(command) : _validators.Validate(command);
            var with = asRecorded ? _validators.ValidateAsRecorded(command, vouched) : _validators.Validate(command, vouched);

            Assert.True(Said(without) == Said(with),
                $"seed {seed}, step {step}, {(asRecorded ? "as recorded" : "new")}, {_clock.Now:O}, sources [{string.Join(", ", sources)}]:\n" +
                $"without the memo:\n{Said(without)}\nwith it:\n{Said(with)}");
        }
        // The memo was used, or this test would hold of a memo that vouches for nothing.
        Assert.True(skipped > 100, $"the memo vouched for the sources of {skipped} commands only");
    }

    /// <summary>
    /// The pipeline (and a batch) checks a command with the container's memo (<see cref="CommandValidators.Recording"/>), which
    /// lives as long as a server: what it refuses, with what failures, is what the validators without a memo refuse at that moment.
    /// </summary>
    [Theory]
    [InlineData(4)]
    [InlineData(5)]
    public async Task The_pipeline_refuses_exactly_what_validation_without_a_memo_refuses(int seed)
    {
        var rng = new Random(seed);
        var skipped = 0;
        for (var step = 0; step < 1_500; step++)
        {
            if (rng.Next(50) == 0) _clock.Now = Times[rng.Next(Times.Length)]; // forwards and back across midnight
            var sources = Enumerable.Range(0, rng.Next(4)).Select(_ => Pool[rng.Next(Pool.Length)]).ToList();
            var command = Command(sources, goodRest: rng.Next(10) > 0);
            if (_validators.Recording.VouchForAll(sources, asRecorded: false, FieldRules.LatestDayBegun(_clock))) skipped++;

            var without = Said(_validators.Validate(command));
            // Passed, or refused by deciding (the same designation is in force after the first): neither is validation's.
            var refused = await Record.ExceptionAsync(() => _ledger.Send(command));
            if (refused is not (null or ValidationException or CommandRefusedException)) throw refused;
            var said = refused is ValidationException v ? Said([.. v.Errors]) : "";

            Assert.True(without == said,
                $"seed {seed}, step {step}, {_clock.Now:O}, sources [{string.Join(", ", sources)}]:\n" +
                $"without a memo:\n{without}\nthe pipeline:\n{said}");
        }
        // The container's memo was used (97 and 104 commands of the two seeds), or this test would hold of a pipeline that never asks it.
        Assert.True(skipped > 50, $"the memo vouched for the sources of {skipped} commands only");
    }

    [Fact]
    public void A_source_is_vouched_for_only_by_a_command_that_passed_whole_the_same_way_on_the_same_day()
    {
        var vouched = new VouchedSources();
        var marked = Good with { Publisher = "Reuters\u200E" };

        // A command refused for another field vouches for nothing, though its source passed.
        Assert.NotEmpty(_validators.Validate(Command([Good], goodRest: false), vouched));
        Assert.Equal(0, vouched.Count);

        Assert.Empty(_validators.Validate(Command([Good], goodRest: true), vouched));
        Assert.Equal(1, vouched.Count);

        // Passed as recorded (the mark is of a rule made later): vouched as recorded only; a new command is still refused.
        Assert.Empty(_validators.ValidateAsRecorded(Command([marked], goodRest: true), vouched));
        Assert.True(vouched.VouchForAll([marked], asRecorded: true, FieldRules.LatestDayBegun(_clock)));
        Assert.False(vouched.VouchForAll([marked], asRecorded: false, FieldRules.LatestDayBegun(_clock)));
        Assert.Equal("sources[1].publisher", Assert.Single(_validators.Validate(Command([Good, marked], goodRest: true), vouched)).PropertyName);

        // Tomorrow's date passes tomorrow; a clock set back a day (another machine, a test) does not take the memo's word.
        var tomorrow = Good with { PublishedOn = "2026-11-26" };
        _clock.Now = Noon.AddDays(1);
        Assert.Empty(_validators.Validate(Command([tomorrow], goodRest: true), vouched));
        _clock.Now = Noon;
        Assert.Equal("'publishedOn' 2026-11-26 is in the future.", Assert.Single(_validators.Validate(Command([tomorrow], goodRest: true), vouched)).ErrorMessage);
    }

    [Fact]
    public void The_memo_holds_at_most_its_bound_of_characters()
    {
        var vouched = new VouchedSources();
        var today = FieldRules.LatestDayBegun(_clock);
        var title = new string('T', FieldRules.LongText);
        var sources = Enumerable.Range(0, 2 * VouchedSources.MaxCharacters / FieldRules.LongText).Select(i => Good with { Title = $"{i} {title}"[..FieldRules.LongText] }).ToList();
        foreach (var chunk in sources.Chunk(RecordCommandValidator<ImposeDesignation>.MaxSources)) vouched.Vouch(chunk, asRecorded: true, today);

        Assert.InRange(vouched.Count, 1, VouchedSources.MaxCharacters / FieldRules.LongText);
        Assert.True(vouched.VouchForAll([sources[0]], asRecorded: true, today));
        Assert.False(vouched.VouchForAll([sources[^1]], asRecorded: true, today));
    }
}
