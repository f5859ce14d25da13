using System.ComponentModel;
using RelationsLedger.Application.Commands.Recording;
using RelationsLedger.Application.Storage;
using RelationsLedger.Domain.Aspects;
using RelationsLedger.Domain.Events;
using RelationsLedger.Domain.Parties;

namespace RelationsLedger.Application.Commands.Mends;

[Description("Records EntryRetracted: withdraws an earlier event of the relationship from now on. The event itself stays in the record; refused when it was retracted already.")]
public sealed record RetractEntry(string PartyA, string PartyB, string Target, string Reason)
    : RecordCommand<EntryRetracted>, IRecords<RetractEntry, EntryRetracted>
{
    public override (string A, string B) Parties() => (PartyA, PartyB);

    public override bool EffectiveTodayByDefault => true;

    public override EntryRetracted ToEvent(RelationshipHistory history) => new(Guid.Parse(Target), Reason.Trim());

    public static RetractEntry From(EntryRetracted e, RelationshipKey key) => new(key.First.Value, key.Second.Value, e.Target.ToString("D"), e.Reason);
}

public sealed class RetractEntryValidator : OneRuleValidator<RetractEntry>
{
    protected override void Check(RetractEntry c, OneRule<RetractEntry> rule)
    {
        rule.TwoParties(nameof(c.PartyA), c.PartyA, nameof(c.PartyB), c.PartyB);
        rule.EventId(nameof(c.Target), c.Target);
        rule.NotItsOwnId(nameof(c.Target), c.Target, nameof(c.CommandId), c.CommandId);
        rule.Text(nameof(c.Reason), c.Reason, FieldRules.LongText);
    }
}
