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
using RelationsLedger.Domain.State;
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

    public override (string A, string B) Parties() => (PartyA, PartyB);

    public override bool EffectiveTodayByDefault => true;

    public override EntryCorrected ToEvent(RelationshipHistory history) => Correction(history, Carried(history)?.Command);

    public override EntryCorrected ToEvent(RelationshipHistory history, RecordCommand carried) => Correction(history, carried);

    /// <param name="replaced">The command that records the target as corrected (<see cref="Carried"/>); null when no field changes.</param>
    private EntryCorrected Correction(RelationshipHistory history, RecordCommand? replaced)
    {
        var replacement = replaced?.ToEvent(new RelationshipHistory(history.Key, []));
        var effective = CorrectedEffectiveDate is null ? (PartialDate?)null : PartialDate.Parse(CorrectedEffectiveDate);
        return new EntryCorrected(Guid.Parse(Target), Reason.Trim(), effective, replacement);
    }

    /// <summary>
    /// The command that records the target as corrected: the target's fields as the history reads them now (with the
    /// corrections recorded so far) with the changed ones. Its own rules are the command's (<see cref="CommandValidators.EventOf"/>),
    /// so a correction records nothing its command would refuse. None for a target not in the history or a mend: the decision
    /// refuses those, naming why.
    /// </summary>
    public override (RecordCommand Command, string Field)? Carried(RelationshipHistory history) =>
        Changes is { Count: > 0 } && history.Find(Guid.Parse(Target)) is { Event: not IMendEvent } target ? (Replace(target, CurrentFields(history, target)), ChangesField) : null;

    /// <summary>
    /// The target's event as corrected so far. A replacement is the whole event and corrections apply in recording order, so
    /// one built on the original's fields would undo every earlier correction's fields (a second correction setting the
    /// authority put back the reference the first one had corrected). A retracted target reads as recorded: it is refused anyway.
    /// </summary>
    private static IRelationshipEvent CurrentFields(RelationshipHistory history, LedgerEvent target) =>
        history.Basis.FormOf(target.EventId)?.Event ?? target.Event;

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

    /// <summary>The target's current fields, as the event's JSON names them, with the changed ones, read as the command that records its type.</summary>
    private RecordCommand Replace(LedgerEvent target, IRelationshipEvent current)
    {
        var data = JsonNode.Parse(EventJson.SerializeData(current))!.AsObject();
        var failures = new List<ValidationFailure>();
        foreach (var (field, value) in Changes!)
        {
            if (!data.ContainsKey(field))
                failures.Add(new($"{ChangesField}.{field}", $"{target.Recorded.Type} has no field '{field}'; its fields are {string.Join(", ", data.Select(p => p.Key))}."));
            else
                data[field] = value is null ? null : JsonValue.Create(value.Trim());
        }
        var command = failures.Count == 0
            ? CommandJson.Read(JsonSerializer.SerializeToElement(data), CommandCatalogue.ForEvent(target.Event.GetType()).CommandType, $"{ChangesField}.", failures)
            : null;
        return command ?? throw new ValidationException(failures);
    }
}

public sealed class CorrectEntryValidator(TimeProvider clock) : OneRuleValidator<CorrectEntry>
{
    protected override void Check(CorrectEntry c, OneRule<CorrectEntry> rule)
    {
        rule.TwoParties(nameof(c.PartyA), c.PartyA, nameof(c.PartyB), c.PartyB);
        rule.EventId(nameof(c.Target), c.Target);
        rule.NotItsOwnId(nameof(c.Target), c.Target, nameof(c.CommandId), c.CommandId);
        rule.Text(nameof(c.Reason), c.Reason, FieldRules.LongText);
        if (c.CorrectedEffectiveDate is not null) rule.PastDate(nameof(c.CorrectedEffectiveDate), c.CorrectedEffectiveDate, clock);
        rule.MustOfWhole(c.CorrectedEffectiveDate is not null || c.Changes is { Count: > 0 }, CorrectEntry.ChangesField,
            "a correction must give a corrected effective date, changed fields, or both.");
    }
}
