using System.ComponentModel;
using RelationsLedger.Application.Commands.Recording;
using RelationsLedger.Application.Storage;
using RelationsLedger.Domain;
using RelationsLedger.Domain.Aspects;
using RelationsLedger.Domain.Events;
using RelationsLedger.Domain.Parties;

namespace RelationsLedger.Application.Commands.Cooperation;

[Description("Records StatementMade. An official statement by the actor about the counterpart.")]
public sealed record MakeStatement(string Actor, string Counterpart, string Speaker, string Stance, string Summary)
    : RecordCommand<StatementMade>, IRecords<MakeStatement, StatementMade>
{
    public override (string A, string B) Parties() => (Actor, Counterpart);

    public override StatementMade ToEvent(RelationshipHistory history) => new(Actor, Counterpart, Speaker.Trim(), FieldRules.Parse<Stance>(Stance), Summary.Trim());

    public static MakeStatement From(StatementMade e, RelationshipKey key) => new(e.Actor, e.Counterpart, e.Speaker, Names.Of(e.Stance), e.Summary);
}

public sealed class MakeStatementValidator : OneRuleValidator<MakeStatement>
{
    protected override void Check(MakeStatement c, OneRule<MakeStatement> rule)
    {
        rule.TwoParties(nameof(c.Actor), c.Actor, nameof(c.Counterpart), c.Counterpart);
        rule.Name(nameof(c.Speaker), c.Speaker);
        rule.OneOf<Stance>(nameof(c.Stance), c.Stance);
        rule.Text(nameof(c.Summary), c.Summary, FieldRules.LongText);
    }
}
