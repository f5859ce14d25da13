using System.CommandLine;
using System.Globalization;
using System.Text.RegularExpressions;
using FluentValidation.Results;
using RelationsLedger.Application.Serialization;
using RelationsLedger.Domain;

namespace RelationsLedger.Cli.Hosting;

/// <summary>
/// A request's field (<c>asOf</c>, as the HTTP API and the validators name it) as the command line wrote it: the option
/// the user typed (<c>--as-of</c>) or the argument of the usage (<c>&lt;party-b&gt;</c>). A field is its option in kebab
/// case unless <see cref="Differing"/> says otherwise; a field the command has no option or argument for (a batch line's,
/// <c>file</c>) keeps its name. The one place the command line's words replace the request's, for every command.
/// </summary>
public static partial class FieldNames
{
    /// <summary>The fields whose option is not named after them.</summary>
    private static readonly Dictionary<string, string> Differing = new(StringComparer.Ordinal)
    {
        ["minimumLevel"] = "at-least",
        ["sources"] = "source",
        ["changes"] = "set",
    };

    /// <summary>
    /// A source's field as <c>--source</c>'s text names it. Only a source's: before round 66 every nested field was looked
    /// up in <see cref="Differing"/>, so <c>--set sources=x</c> was refused with "has no field 'source'" and a batch line's
    /// field <c>changes</c> with "has no field 'set'" — names the user had not typed (a batch line's words are its JSON's).
    /// </summary>
    private static readonly Dictionary<string, string> InSourceText = new(StringComparer.Ordinal)
    {
        ["publishedOn"] = "published",
    };

    /// <summary>
    /// The fields an option gives several of, by its value's place (1-based): <c>export --relationship A B</c> gives
    /// <c>partyA</c> and <c>partyB</c>, which were named as the API names them, no option of the line (before round 63).
    /// </summary>
    private static readonly Dictionary<string, (string Option, int Place)> ByPlace = new(StringComparer.Ordinal)
    {
        ["partyA"] = ("--relationship", 1),
        ["partyB"] = ("--relationship", 2),
    };

    /// <summary>
    /// A failure's field and message in the command line's words (the message's quoted field names too, not its quoted value).
    /// Only the failure of an option or argument itself (<c>asOf</c>, <c>to</c>) names other options in its message (<c>'to'
    /// must be on or after 'from'</c>); one inside an option's text (<c>--set</c>'s corrected event: <c>changes.level</c>, a
    /// <c>--source</c>) or a batch line names that thing's fields, and of them only its own is renamed (<c>'publishedOn'</c> as
    /// <c>'published'</c>). Before round 51 every quoted word that matched an option was: <c>--set level=reason</c> was refused
    /// with "'--reason' is not", a batch line's field "json" as "has no field '--json'".
    /// </summary>
    public static (string Field, string Message) Of(ValidationFailure failure, ParseResult? parse)
    {
        if (parse is null) return (failure.PropertyName, failure.ErrorMessage);
        var value = failure.AttemptedValue as string;
        var part = failure.PropertyName[(failure.PropertyName.LastIndexOf('.') + 1)..]; // a nested field's message names it alone: 'publishedOn'
        var field = Label(failure.PropertyName, parse);
        var namesOptions = field is not null && failure.PropertyName.IndexOfAny(['.', '[']) < 0;
        var inSourceText = field is not null && IsInSourceText(failure.PropertyName);
        var message = QuotedFields.Renamed(failure.ErrorMessage, part, value, word =>
            (namesOptions ? Label(word, parse) : null) ?? (word == part && inSourceText ? InSourceText.GetValueOrDefault(part) : null));
        return (field ?? failure.PropertyName, message);
    }

    /// <summary>
    /// <c>asOf</c> → <c>--as-of</c>, <c>partyB</c> → <c>&lt;party-b&gt;</c>; a nested field by its option and what follows:
    /// <c>sources[0].publishedOn</c> → <c>--source 1 published</c>, <c>changes.list</c> → <c>--set list</c>; null when the command has none.
    /// </summary>
    private static string? Label(string field, ParseResult parse)
    {
        var path = Path().Match(field);
        if (!path.Success) return null;
        var name = Differing.GetValueOrDefault(path.Groups["head"].Value) ?? Names.Kebab(path.Groups["head"].Value);
        var command = parse.CommandResult.Command;
        string? head = null;
        if (command.Options.FirstOrDefault(o => o.Name == "--" + name || o.Aliases.Contains("--" + name)) is { } option)
            head = parse.GetResult(option)?.IdentifierToken?.Value ?? option.Name; // as typed: --on, not --effective-date
        else if (command.Arguments.Any(a => a.Name == name))
            head = $"<{name}>";
        else if (ByPlace.TryGetValue(path.Groups["head"].Value, out var place) && command.Options.Any(o => o.Name == place.Option))
            head = $"{place.Option} {place.Place.ToString(CultureInfo.InvariantCulture)}";
        if (head is null) return null;
        if (path.Groups["index"].Success) head += " " + (int.Parse(path.Groups["index"].Value, CultureInfo.InvariantCulture) + 1).ToString(CultureInfo.InvariantCulture);
        var inSourceText = IsInSourceText(field);
        foreach (var part in path.Groups["rest"].Captures.Select(c => c.Value))
            head += " " + ((inSourceText ? InSourceText.GetValueOrDefault(part) : null) ?? part);
        return head;
    }

    /// <summary>Whether <paramref name="field"/> is one of a source's (<c>sources[0].publishedOn</c>), written in <c>--source</c>'s text.</summary>
    private static bool IsInSourceText(string field) => field.StartsWith("sources[", StringComparison.Ordinal);

    /// <summary>A field name, optionally indexed, with dotted parts: <c>sources[0].publishedOn</c>.</summary>
    [GeneratedRegex(@"^(?<head>[a-z][A-Za-z0-9]*)(?:\[(?<index>[0-9]{1,9})\])?(?:\.(?<rest>[A-Za-z0-9_$]+))*\z")]
    private static partial Regex Path();
}
