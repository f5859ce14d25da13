using RelationsLedger.Application.Serialization;
using RelationsLedger.Domain;
using RelationsLedger.Domain.Parties;
using RelationsLedger.Domain.Time;
using RelationsLedger.Application.Pipeline;

namespace RelationsLedger.Application.Commands.Recording;

/// <summary>The validation rules of fields that commands and queries share.</summary>
public static class FieldRules
{
    public const int ShortText = 200;
    public const int LongText = 2000;

    /// <summary>Why <paramref name="value"/> is not a party: a message template (<c>{PropertyName}</c> is the field's name).</summary>
    public static string NotAParty(string? value) => $"'{{PropertyName}}' {TemplateText.Literal(PartyId.Explain(value))}.";

    /// <summary>The second of two parties is the first: a message template (<c>{ComparisonProperty}</c> is the first's name).</summary>
    public const string SameParty = "'{PropertyName}' must be a different party from '{ComparisonProperty}'.";

    /// <summary>
    /// A mend whose target is its own id (its command id, under which its event would be recorded): a message template
    /// (<c>{ComparisonProperty}</c> is the command id's name). Before round 69 it was decided against the record and refused as
    /// "event … is not in relationship …" (in a batch: "… is a command of this same batch … record the mend in a later batch").
    /// </summary>
    public const string MendsItself =
        "'{PropertyName}' is this command's own id ('{ComparisonProperty}'), the id its event would be recorded under: a correction or retraction names an earlier event of the relationship, never itself.";

    /// <summary>
    /// A third party named as one of the two (a pledge's common adversary, an interests section's protecting power): a message
    /// template (<c>{ComparisonProperty}</c> is the party's field). A rule of what the ledger records from round 69 on, not of an
    /// event recorded before it (<see cref="AsRecorded"/>).
    /// </summary>
    public const string AdversaryHelped = "'{PropertyName}' cannot be the party helped ('{ComparisonProperty}'): a common adversary is a third party.";
    public const string ProtectingPowerOfThePair =
        "'{PropertyName}' cannot be a party of the mission ('{ComparisonProperty}'): an interests section works under the flag of a third party.";

    /// <summary>A protecting power given with a level other than an interests section: a message template.</summary>
    public static string ProtectingPowerOfAnotherLevel(string level) =>
        $"'{{PropertyName}}' is given only with level interests-section (the party under whose flag it works), not with level {TemplateText.Literal(level)}.";

    /// <summary>A text over <paramref name="max"/> characters: a message template (<c>{TotalLength}</c> is its length).</summary>
    public static string TooLong(int max) => max switch
    {
        ShortText => TooLongShort,
        LongText => TooLongLong,
        _ => $"'{{PropertyName}}' must be at most {max} characters (it has {{TotalLength}}).",
    };

    private static readonly string TooLongShort = $"'{{PropertyName}}' must be at most {ShortText} characters (it has {{TotalLength}}).";
    private static readonly string TooLongLong = $"'{{PropertyName}}' must be at most {LongText} characters (it has {{TotalLength}}).";

    /// <summary>The message of a required field left empty (a message template).</summary>
    public const string Required = "'{PropertyName}' is required.";

    /// <summary>Why a name may not hold an invisible character, and why prose may not hold a byte order mark or a tag.</summary>
    public const string NameMustRead = "a name must read as it is written, or two that look the same would not be the same";
    public const string ProseMustShow = "it would carry text a reader does not see";

    /// <summary>
    /// The key of the validation context's data that marks a command rebuilt from an event already recorded (an import's
    /// line, an event <c>verify</c> decides again): the rule on invisible characters is a rule of what the ledger records
    /// from now on, and an event recorded before it was made is kept and read as it was recorded (docs/events.md).
    /// </summary>
    public const string AsRecorded = "RelationsLedger.AsRecorded";

    /// <summary>Why <paramref name="text"/> is refused for the invisible character at <paramref name="at"/>: a message template.</summary>
    public static string Invisible(string text, int at, string why) =>
        $"'{{PropertyName}}' holds an invisible character ({InvisibleCharacters.Name(InvisibleCharacters.CodePointAt(text, at))} at position {at + 1}): {why}. Remove it and give the text again.";

    /// <summary>Why <paramref name="text"/> is refused at <paramref name="at"/>: a direction control is named and its harm said.</summary>
    public static string Unprintable(string field, string text, int at) =>
        IsDirectionControl(text[at])
            ? $"{field} holds a direction control ({InvisibleCharacters.Name(text[at])} at position {at + 1}): it reorders the text after it, so a " +
              "reader would not see what was written. A direction mark (U+200E, U+200F, U+061C) is allowed where a name is not asked for. " +
              "Remove it and give the text again."
            : $"{field} contains an unprintable character (U+{(int)text[at]:X4} at position {at + 1}); text may hold printable characters and spaces only.";

    /// <summary>
    /// Where the first character that is not printable is (-1: none). No control characters (ESC, BEL, NUL, DEL, line breaks,
    /// C1…), no half of a surrogate pair and no invisible direction controls (embeddings, overrides, isolates): text is shown on
    /// terminals and in tables, where such characters would be obeyed (colours, titles, reordered words).
    /// </summary>
    public static int UnprintableAt(string? text)
    {
        if (text is null) return -1;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) { i++; continue; } // a character beyond the BMP
            if (char.IsControl(c) || char.IsSurrogate(c) || c is '\ufffe' or '\uffff' || IsDirectionControl(c)) return i;
        }
        return -1;
    }

    /// <summary>
    /// The invisible characters that reorder the text after them until they are closed (or the paragraph ends): embeddings
    /// (U+202A, U+202B), overrides (U+202D, U+202E), their end (U+202C) and isolates (U+2066–U+2069) — the "Trojan Source"
    /// characters, which make a text read otherwise than it is written. Not the marks (LRM U+200E, RLM U+200F, ALM U+061C):
    /// a mark is an invisible letter of one direction that settles the neighbouring punctuation or digits and moves nothing
    /// else, and Arabic and Hebrew prose needs them (a number or a Latin name inside right-to-left text). They draw nothing,
    /// so a name may not hold one (<see cref="InvisibleCharacters"/>); prose may, as it may hold a joiner.
    /// </summary>
    public static bool IsDirectionControl(int c) => c is (>= 0x202A and <= 0x202E) or (>= 0x2066 and <= 0x2069);

    /// <summary>Why <paramref name="value"/> is none of <typeparamref name="TEnum"/>'s names: a message template.</summary>
    public static string NotOneOf<TEnum>(string? value) where TEnum : struct, Enum =>
        $"'{{PropertyName}}' must be one of {string.Join(", ", Names.All<TEnum>())}; '{TemplateText.Literal(value)}' is not.";

    /// <summary>Why <paramref name="text"/> is not a past partial date (null when it is): a message template, the field named as <paramref name="field"/>.</summary>
    public static string? NotAPastDate(string field, string? text, TimeProvider clock) =>
        string.IsNullOrEmpty(text) ? $"'{field}' is required: a date of the form YYYY, YYYY-MM or YYYY-MM-DD." // until round 70: "'' is not a date …"
        : !PartialDate.TryParse(text, out var date, out var error) ? $"'{field}': {TemplateText.Literal(error)}."
        : date.Start > LatestDayBegun(clock) ? $"'{field}' {text} is in the future."
        : null;

    /// <summary>The clock's day (UTC): the date a mend records when it is given none.</summary>
    public static DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    /// <summary>
    /// The latest day that has begun somewhere: the day at UTC+14 (the Line Islands, the first land each day reaches), what a
    /// date in the future is measured against. A later date is in the future everywhere; an earlier one may be today where it
    /// is recorded. Until round 65 it was the UTC day, and a recorder east of Greenwich could not record that day's facts until
    /// the UTC day began — in New Zealand's summer (UTC+13) until 13:00, in Kiritimati until 14:00 ("is in the future").
    /// </summary>
    public static DateOnly LatestDayBegun(TimeProvider clock) => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime.AddHours(14));

    public static TEnum Parse<TEnum>(string text) where TEnum : struct, Enum =>
        Names.TryParse<TEnum>(text, out var value) ? value : throw new ArgumentException($"'{text}' is not a {typeof(TEnum).Name}.");

    /// <summary>A UUID in its one written form, not the empty one.</summary>
    public static bool IsEventId(string? text) => UuidText.TryParse(text, out var id) && id != Guid.Empty;

    /// <summary>Why <paramref name="value"/> is not an event id: a message template.</summary>
    public static string NotAnEventId(string? value) =>
        $"'{{PropertyName}}' must be an event id, a UUID in the form {UuidText.Form}; {(value is null ? "null" : $"'{TemplateText.Literal(value)}'")} is not.";
}
