using RelationsLedger.Application.Commands.Recording;

namespace RelationsLedger.Application.Commands.Designations;

/// <summary>The rules of every designation command's fields (impose, remove, suspend, reinstate): one set, since the fields are one.</summary>
public abstract class DesignationValidator<T> : OneRuleValidator<T> where T : IDesignationCommand
{
    protected override void Check(T c, OneRule<T> rule)
    {
        rule.TwoParties(nameof(c.Actor), c.Actor, nameof(c.Counterpart), c.Counterpart);
        rule.Name(nameof(c.List), c.List);
        rule.Name(nameof(c.Authority), c.Authority);
        rule.OptionalName(nameof(c.Reference), c.Reference);
    }
}
