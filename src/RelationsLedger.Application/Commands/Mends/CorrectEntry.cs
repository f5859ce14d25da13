using System.Text.Json;
using System.Text.Json.Nodes;
using System.ComponentModel;
using FluentValidation;
using FluentValidation.Results;
using RelationsLedger.Application.Commands.Recording;
using RelationsLedger.Application.Serialization;
using RelationsLedger.Application.Storage;
using RelationsLedger.Domain.Aspects;
using RelationsLedger.Domain.Events;
using RelationsLedger.Domain.Parties;
using RelationsLedger.Domain.Time;

namespace RelationsLedger.Application.Commands.Mends;

[Description("Records EntryCorrected: from now on, an earlier event reads with a corrected effective date and/or corrected fields (Changes: field name → new value, as in the event's JSON). The original stays in the record beside the correction.")]
public sealed record CorrectEntry(
    string PartyA, string PartyB, string Target, string Reason,
    string? CorrectedEffectiveDate = null, IReadOnlyDictionary<string, string?>? Changes = null)
    : RecordCommand<EntryCorrected>, IRecords<CorrectEntry, EntryCorrected>
{
    /// <summary>The field's name in errors, as in the JSON contract.</summary>
    public const string ChangesField = "changes";

    private static readonly HashSet<string> PartyFields = ["actor", "counterpart", "sending", "receiving", "partyA", "partyB", "adversary", "protectingPower"];

    public override (string A, string B) Parties() => (PartyA, PartyB);

    public override bool EffectiveTodayByDefault => true;

    public override EntryCorrected ToEvent(RelationshipHistory history)
    {
        var targetId = Guid.Parse(Target);
        var replacement = Changes is { Count: > 0 } && history.Find(targetId) is { } target ? Replace(target) : null;
        var effective = CorrectedEffectiveDate is null ? (PartialDate?)null : PartialDate.Parse(CorrectedEffectiveDate);
        return new EntryCorrected(targetId, Reason.Trim(), effective, replacement);
    }

    public static CorrectEntry From(EntryCorrected e, RelationshipKey key) =>
        new(key.First.Value, key.Second.Value, e.Target.ToString("D"), e.Reason, e.EffectiveDate?.ToString(), e.Replacement is null ? null : FieldsOf(e.Replacement));

    /// <summary>An event's fields as a correction gives them: field name → value as text (null for null).</summary>
    private static Dictionary<string, string?> FieldsOf(IRelationshipEvent replacement) =>
        JsonSerializer.SerializeToElement(replacement, replacement.GetType(), LedgerJson.Contract).EnumerateObject()
            .ToDictionary(p => p.Name, p => p.Value.ValueKind switch
            {
                JsonValueKind.String => p.Value.GetString(),
                JsonValueKind.Null => null,
                _ => p.Value.GetRawText(),
            });

    /// <summary>The target's data with the changed fields, read back as an event of the same type.</summary>
    private IRelationshipEvent Replace(LedgerEvent target)
    {
        var data = JsonNode.Parse(target.Recorded.Data.Span)!.AsObject();
        var failures = new List<ValidationFailure>();
        foreach (var (field, value) in Changes!)
        {
            var property = $"{ChangesField}.{field}";
            if (!data.ContainsKey(field))
                failures.Add(new(property, $"{target.Recorded.Type} has no field '{field}'; its fields are {string.Join(", ", data.Select(p => p.Key))}."));
            else if (PartyFields.Contains(field) && value is not null && !PartyId.IsValid(value))
                failures.Add(new(property, $"'{field}' {PartyId.Explain(value)}."));
            else if (value?.Length > FieldRules.LongText)
                failures.Add(new(property, $"'{field}' must be at most {FieldRules.LongText} characters."));
            else if (FieldRules.UnprintableAt(value) is var at and >= 0)
                failures.Add(new(property, $"'{field}' contains an unprintable character (U+{(int)value![at]:X4} at position {at + 1}); text may hold printable characters and spaces only."));
            else
                data[field] = value is null ? null : JsonValue.Create(value.Trim());
        }
        if (failures.Count > 0) throw new ValidationException(failures);
        try
        {
            return EventJson.DeserializeData(target.Recorded.Type, target.Envelope.SchemaVersion, JsonSerializer.SerializeToUtf8Bytes(data));
        }
        catch (JsonException e)
        {
            throw new ValidationException([new ValidationFailure(ChangesField, $"the corrected {target.Recorded.Type} is not valid: {e.Message}")]);
        }
    }
}

public sealed class CorrectEntryValidator : AbstractValidator<CorrectEntry>
{
    public CorrectEntryValidator(TimeProvider clock)
    {
        this.TwoParties(c => c.PartyA, c => c.PartyB);
        RuleFor(c => c.Target).EventId();
        RuleFor(c => c.Reason).Text(FieldRules.LongText);
        RuleFor(c => c.CorrectedEffectiveDate).PastDate(clock).When(c => c.CorrectedEffectiveDate is not null);
        RuleFor(c => c).Must(c => c.CorrectedEffectiveDate is not null || c.Changes is { Count: > 0 })
            .OverridePropertyName(CorrectEntry.ChangesField)
            .WithMessage("a correction must give a corrected effective date, changed fields, or both.");
    }
}
