using System.ComponentModel;
using FluentValidation;
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

public sealed class MakeStatementValidator : AbstractValidator<MakeStatement>
{
    public MakeStatementValidator()
    {
        this.TwoParties(c => c.Actor, c => c.Counterpart);
        RuleFor(c => c.Speaker).Name();
        RuleFor(c => c.Stance).OneOf<MakeStatement, Stance>();
        RuleFor(c => c.Summary).Text(FieldRules.LongText);
    }
}
