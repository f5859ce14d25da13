using FluentValidation;
using RelationsLedger.Application.Commands.Recording;

namespace RelationsLedger.Application.Commands.Designations;

/// <summary>The rules of every designation command's fields (impose, remove, suspend, reinstate): one set, since the fields are one.</summary>
public abstract class DesignationValidator<T> : AbstractValidator<T> where T : IDesignationCommand
{
    protected DesignationValidator()
    {
        this.TwoParties(c => c.Actor, c => c.Counterpart);
        RuleFor(c => c.List).Name();
        RuleFor(c => c.Authority).Name();
        RuleFor(c => c.Reference).OptionalName();
    }
}
