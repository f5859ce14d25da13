using System.ComponentModel;
using FluentValidation;
using RelationsLedger.Application.Commands.Recording;
using RelationsLedger.Application.Storage;
using RelationsLedger.Domain.Events;

namespace RelationsLedger.Application.Commands.Cooperation;

/// <summary>Records <see cref="StatementMade"/>. An official statement by the actor about the counterpart.</summary>
[Description("Records StatementMade. An official statement by the actor about the counterpart.")]
public sealed record MakeStatement(string Actor, string Counterpart, string Speaker, string Stance, string Summary) : RecordCommand
{
    public override (string A, string B) Parties() => (Actor, Counterpart);

    public override IRelationshipEvent ToEvent(RelationshipHistory history) => new StatementMade(Actor, Counterpart, Speaker.Trim(), Rules.Parse<Stance>(Stance), Summary.Trim());
}

public sealed class MakeStatementValidator : AbstractValidator<MakeStatement>
{
    public MakeStatementValidator()
    {
        this.TwoParties(c => c.Actor, c => c.Counterpart);
        RuleFor(c => c.Speaker).Text();
        RuleFor(c => c.Stance).OneOf<MakeStatement, Stance>();
        RuleFor(c => c.Summary).Text(Rules.LongText);
    }
}
