using System.Text;
using System.Text.RegularExpressions;

namespace RelationsLedger.Domain.Parties;

/// <summary>
/// A party's stable id: an ISO 3166-1 alpha-2 code for a state (<c>RU</c>, <c>AF</c>) or a
/// lower-case slug for a government, movement or organisation (<c>taliban</c>, <c>isis-k</c>).
/// </summary>
public readonly partial record struct PartyId
{
    public const int MaxLength = 64;

    public string Value { get; }

    private PartyId(string value) => Value = value;

    public static bool IsValid(string? value) =>
        value is not null && value.Length <= MaxLength && (IsoCode().IsMatch(value) || Slug().IsMatch(value));

    /// <summary>Why <paramref name="value"/> is not a party id, or null when it is one.</summary>
    public static string? Explain(string? value) => value switch
    {
        null or "" => "is empty",
        { Length: > MaxLength } => $"is longer than {MaxLength} characters",
        _ when IsValid(value) => null,
        _ => $"'{value}' is neither an ISO 3166-1 alpha-2 code (two upper-case letters, e.g. RU) nor a lower-case slug (e.g. taliban, isis-k){LookAlikes(value)}",
    };

    /// <summary>
    /// The letters and digits of <paramref name="value"/> that are not ASCII, named: Cyrillic 'РУ' or full-width 'ＵＳ' read as RU
    /// and US, and a refusal that did not say why left the user looking at what seemed a well-formed id.
    /// </summary>
    private static string LookAlikes(string value)
    {
        var others = value.EnumerateRunes().Where(r => r.Value > 127 && Rune.IsLetterOrDigit(r)).Distinct().Take(4).ToList();
        return others.Count == 0 ? ""
            : $"; it holds characters that are not ASCII, though they may look so: {string.Join(", ", others.Select(r => $"'{r}' (U+{r.Value:X4})"))}";
    }

    public static PartyId Parse(string value) =>
        Explain(value) is { } why ? throw new FormatException($"Party id {why}.") : new PartyId(value);

    public bool IsState => IsoCode().IsMatch(Value);

    public override string ToString() => Value;

    [GeneratedRegex(@"^[A-Z]{2}\z")] // \z, not $: $ also matches before a final line break
    private static partial Regex IsoCode();

    [GeneratedRegex(@"^[a-z0-9]+(-[a-z0-9]+)*\z")]
    private static partial Regex Slug();
}
