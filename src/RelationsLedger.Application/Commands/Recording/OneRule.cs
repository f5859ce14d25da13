using FluentValidation;
using FluentValidation.Results;
using RelationsLedger.Application.Pipeline;
using RelationsLedger.Application.Queries;
using RelationsLedger.Application.Serialization;
using RelationsLedger.Domain.Parties;

namespace RelationsLedger.Application.Commands.Recording;

/// <summary>
/// A request's field rules, run by its validator's one check (<see cref="OneRuleValidator{T}"/>), each failure made as
/// FluentValidation's rule of that field made it (the builders the validators were written with, kept beside the oracles in the
/// tests, <c>AsWrittenBefore/FieldRuleBuilders.cs</c>): the field's contract name as its path and
/// <c>{PropertyName}</c>, the same message template formatted by the ledger's <see cref="TemplateText.Formatter"/> with the same
/// placeholders (<c>PropertyName</c>, <c>PropertyValue</c>, <c>PropertyPath</c>, a length's <c>MinLength</c>/<c>MaxLength</c>/
/// <c>TotalLength</c>, a comparison's <c>ComparisonValue</c>/<c>ComparisonProperty</c>, a collection's <c>CollectionIndex</c>),
/// the field's value as the attempted value, the same error code (the FluentValidation validator's name) and the same order:
/// each field's checks run in the order its rule's components ran, every one of them (FluentValidation's default cascade).
/// </summary>
/// <remarks>
/// Why: FluentValidation's machinery costs a rule per field on every run — its display name, property path, conditions,
/// message formatter reset and an interface dispatch per component — and was 15–19 % of a command's send through the pipeline
/// and ~11 % of an import's check (docs/performance.md, rounds 50, 58), for rules that mostly pass. Here a passing field costs
/// its checks only; a failure is made, with its formatter, only when a check fails. The state question was first (round 62:
/// a cold question's validator made without an expression tree per field); the commands followed (round 63); then every question,
/// and the checks moved out of FluentValidation's rules altogether (round 64, <see cref="OneRuleValidator{T}"/>).
/// </remarks>
public readonly struct OneRule<T>
{
    private readonly RuleRun<T> _run;

    /// <summary>
    /// Inside a collection's element: the collection's contract name (<c>sources</c>) and the element's index; null and -1 for
    /// the request's own fields. The element's path (<c>sources[0]</c>) is made only for a failure.
    /// </summary>
    private readonly string? _collection;
    private readonly int _index;

    /// <summary>The path every failure is filed under (<see cref="FiledAs"/>); null: each field's own.</summary>
    private readonly string? _filedAs;

    internal OneRule(RuleRun<T> run) : this(run, null, -1) { }

    private OneRule(RuleRun<T> run, string? collection, int index, string? filedAs = null) =>
        (_run, _collection, _index, _filedAs) = (run, collection, index, filedAs);

    /// <summary>The run's memo of the sources that passed the sources' rules, if any (<see cref="VouchedSources.MustCheck(IReadOnlyList{SourceInput?}?, VouchedSources?, bool, TimeProvider)"/>).</summary>
    public VouchedSources? Vouched => _run.Vouched;

    /// <summary>Files a failure a check made itself (a batch's item's, under its label).</summary>
    public void AddFailure(ValidationFailure failure) => _run.Add(failure);

    /// <summary>
    /// The rules of a field whose rule was filed under another name (<c>RuleFor(c =&gt; c.Items)….OverridePropertyName(name)</c>):
    /// each failure's path is <paramref name="propertyName"/>, its <c>{PropertyName}</c> still the field's.
    /// </summary>
    public OneRule<T> FiledAs(string propertyName) => new(_run, null, -1, _run.Path(propertyName));

    /// <summary>
    /// The rules of the element at <paramref name="index"/> of the collection <paramref name="collectionMember"/>, as
    /// <c>RuleForEach(…).ChildRules(…)</c> ran them: paths <c>sources[0].publisher</c>, the index as <c>CollectionIndex</c>.
    /// </summary>
    public OneRule<T> Element(string collectionMember, int index) => new(_run, ContractNames.Of(collectionMember), index);

    /// <summary>Whether the request is checked as already recorded (<see cref="FieldRules.AsRecorded"/>): invisible characters are let through.</summary>
    public bool AsRecorded => _run.AsRecorded;

    /// <summary>
    /// Two well-formed, different parties: each a party, then — only when both are — the second not the first
    /// (<see cref="FieldRules.SameParty"/>). Until round 70 the two were compared whatever they were, and two absent or
    /// malformed parties were also told they "must be a different party".
    /// </summary>
    public void TwoParties(string firstMember, string? first, string secondMember, string? second)
    {
        Party(firstMember, first);
        Party(secondMember, second);
        if (PartyId.IsValid(first) && PartyId.IsValid(second)) NotEqual(secondMember, second, firstMember, first, FieldRules.SameParty);
    }

    /// <summary><c>NotEqual(c =&gt; c.Other).WithMessage(template)</c>: object.Equals, ordinal for text, null equal to null.</summary>
    public void NotEqual(string member, string? value, string otherMember, string? other, string template)
    {
        if (Equals(other, value)) Fail(member, value, template, NotEqualValidator, comparison: (ContractNames.Of(otherMember), other));
    }

    /// <summary>A party (<see cref="PartyId.IsValid"/>), why not in <see cref="FieldRules.NotAParty"/>'s words.</summary>
    public void Party(string member, string? value)
    {
        if (!PartyId.IsValid(value)) Fail(member, value, FieldRules.NotAParty(value), PredicateValidator);
    }

    /// <summary>A party or null.</summary>
    public void OptionalParty(string member, string? value)
    {
        if (value is not null && !PartyId.IsValid(value)) Fail(member, value, FieldRules.NotAParty(value), PredicateValidator);
    }

    /// <summary>A name (what a later command matches on): required, then <see cref="OptionalName"/>.</summary>
    public void Name(string member, string? value, int max = FieldRules.ShortText)
    {
        Required(member, value);
        OptionalName(member, value, max);
    }

    /// <summary>An optional name: at most <paramref name="max"/> characters, printable, no invisible character.</summary>
    public void OptionalName(string member, string? value, int max = FieldRules.ShortText)
    {
        Bounded(member, value, max);
        Visible(member, value, InvisibleCharacters.InNameAt(value), FieldRules.NameMustRead);
    }

    /// <summary>Prose: required, then <see cref="OptionalText"/>.</summary>
    public void Text(string member, string? value, int max = FieldRules.LongText)
    {
        Required(member, value);
        OptionalText(member, value, max);
    }

    /// <summary>Optional prose: at most <paramref name="max"/> characters, printable, no byte order mark or tag.</summary>
    public void OptionalText(string member, string? value, int max = FieldRules.LongText)
    {
        Bounded(member, value, max);
        Visible(member, value, InvisibleCharacters.InProseAt(value), FieldRules.ProseMustShow);
    }

    /// <summary>One of <typeparamref name="TEnum"/>'s names (<see cref="FieldRules.NotOneOf{TEnum}"/>).</summary>
    public void OneOf<TEnum>(string member, string? value) where TEnum : struct, Enum
    {
        if (!Domain.Names.TryParse<TEnum>(value, out _)) Fail(member, value, FieldRules.NotOneOf<TEnum>(value), PredicateValidator);
    }

    /// <summary>An event id: a UUID in its one written form, not the empty one (<see cref="FieldRules.IsEventId"/>).</summary>
    public void EventId(string member, string? value)
    {
        if (!FieldRules.IsEventId(value)) Fail(member, value, FieldRules.NotAnEventId(value), PredicateValidator);
    }

    /// <summary>
    /// A mend's target that is not the mend's own id (<see cref="FieldRules.MendsItself"/>): the target is read as an event id is
    /// (in either case), and a target that is none is <see cref="EventId"/>'s to refuse.
    /// </summary>
    public void NotItsOwnId(string member, string? target, string idMember, Guid id)
    {
        if (UuidText.TryParse(target, out var given) && given == id)
            Fail(member, target, FieldRules.MendsItself, NotEqualValidator, comparison: (ContractNames.Of(idMember), id.ToString("D")));
    }

    /// <summary><c>NotEmpty()</c> of an id with its message template: the empty id is refused.</summary>
    public void NotEmpty(string member, Guid value, string template)
    {
        if (value == Guid.Empty) Fail(member, value, template, NotEmptyValidator);
    }

    /// <summary>
    /// A partial date that exists and is not in the future (<see cref="FieldRules.NotAPastDate"/>), a <c>Custom</c> rule: its failure is filed under the field's path with the message
    /// formatted alone (<c>context.AddFailure(message)</c>: no attempted value, no error code, no placeholders).
    /// </summary>
    public void PastDate(string member, string? value, TimeProvider clock)
    {
        if (FieldRules.NotAPastDate(ContractNames.Of(member), value, clock) is { } message) Add(member, message);
    }

    /// <summary>
    /// A failure of a field's <c>Custom</c> rule (<c>context.AddFailure(message)</c>): filed under the field's path, the message
    /// formatted alone — no attempted value, error code or placeholders.
    /// </summary>
    public void Add(string member, string message) =>
        _run.Add(new ValidationFailure(Path(ContractNames.Of(member)), Formatter().BuildMessage(message)));

    /// <summary>A whole day, YYYY-MM-DD (<see cref="QueryRules.TryParseDay"/>, <see cref="QueryRules.NotADay"/>).</summary>
    public void Day(string member, string? value)
    {
        if (!QueryRules.TryParseDay(value, out _)) Fail(member, value, QueryRules.NotADay(value), PredicateValidator);
    }

    /// <summary><c>Must(predicate).WithMessage(template)</c> of a field: fails when <paramref name="holds"/> is false.</summary>
    public void Must(bool holds, string member, object? value, string template)
    {
        if (!holds) Fail(member, value, template, PredicateValidator);
    }

    /// <summary><c>Null().WithMessage(template)</c> of a field: anything but null is refused.</summary>
    public void Null(string member, object? value, string template)
    {
        if (value is not null) Fail(member, value, template, NullValidator);
    }

    /// <summary><c>NotEmpty()</c> of a list with its message template: null or no element is refused.</summary>
    public void NotEmpty<TElement>(string member, IReadOnlyList<TElement>? value, string template)
    {
        if (value is not { Count: > 0 }) Fail(member, value, template, NotEmptyValidator);
    }

    /// <summary>
    /// A rule over the whole request filed under <paramref name="propertyName"/> (<c>RuleFor(c =&gt; c).Must(…)
    /// .OverridePropertyName(name)</c>): the request itself is the attempted value, and <c>{PropertyName}</c> the name (a
    /// contract name in lower case, which FluentValidation's display of an overridden name, split where its case changes, leaves as it is).
    /// </summary>
    public void MustOfWhole(bool holds, string propertyName, string template)
    {
        if (!holds) FailAs(_run.Path(propertyName), propertyName, _run.Request, template, PredicateValidator, default);
    }

    private void Required(string member, string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) Fail(member, value, FieldRules.Required, NotEmptyValidator);
    }

    /// <summary>At most <paramref name="max"/> characters, every one printable (<c>MaximumLength</c>, then <c>Printable</c>).</summary>
    private void Bounded(string member, string? value, int max)
    {
        if (value is null) return; // both pass a null
        if (value.Length > max) Fail(member, value, FieldRules.TooLong(max), MaximumLengthValidator, length: (max, value.Length));
        if (FieldRules.UnprintableAt(value) is var at and >= 0) Fail(member, value, FieldRules.Unprintable("'{PropertyName}'", value, at), PredicateValidator);
    }

    private void Visible(string member, string? value, int invisibleAt, string why)
    {
        if (invisibleAt >= 0 && !AsRecorded) Fail(member, value, FieldRules.Invisible(value!, invisibleAt, why), PredicateValidator);
    }

    private const string PredicateValidator = nameof(PredicateValidator), NotEmptyValidator = nameof(NotEmptyValidator),
        NotEqualValidator = nameof(NotEqualValidator), MaximumLengthValidator = nameof(MaximumLengthValidator), NullValidator = nameof(NullValidator);

    private void Fail(string member, object? value, string template, string errorCode,
        (string Property, string? Value)? comparison = null, (int Max, int Total)? length = null)
    {
        var name = ContractNames.Of(member);
        FailAs(Path(name), name, value, template, errorCode, (comparison, length));
    }

    /// <summary>
    /// The failure FluentValidation's property rule adds (<c>RuleBase.CreateValidationError</c>): the placeholders its validator
    /// set, then the rule's own (and a collection's index), the message formatted with them, a copy of them, the error code.
    /// </summary>
    private void FailAs(string path, string displayName, object? value, string template, string errorCode,
        ((string Property, string? Value)? Comparison, (int Max, int Total)? Length) set)
    {
        var formatter = Formatter();
        if (set.Length is var (max, total))
            formatter.AppendArgument("MinLength", 0).AppendArgument("MaxLength", max).AppendArgument("TotalLength", total);
        if (set.Comparison is var (property, compared))
            formatter.AppendArgument("ComparisonValue", compared).AppendArgument("ComparisonProperty", property);
        formatter.AppendPropertyName(displayName).AppendPropertyValue(value).AppendArgument("PropertyPath", path);
        if (_collection is not null) formatter.AppendArgument("CollectionIndex", _index);
        var message = formatter.BuildMessage(template);
        _run.Add(new ValidationFailure(path, message, value)
        {
            FormattedMessagePlaceholderValues = new Dictionary<string, object>(formatter.PlaceholderValues),
            ErrorCode = errorCode,
            Severity = ValidatorOptions.Global.Severity,
        });
    }

    private string Path(string name) => _filedAs ?? (_collection is null ? _run.Path(name) : $"{_run.Path(_collection)}[{_index}].{name}");

    private static FluentValidation.Internal.MessageFormatter Formatter() => ValidatorOptions.Global.MessageFormatterFactory();
}
