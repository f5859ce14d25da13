using FluentValidation;
using FluentValidation.Results;

namespace RelationsLedger.Application.Commands.Recording;

/// <summary>
/// A validator whose rules are one check over the request (<see cref="Check"/>, through <see cref="OneRule{T}"/>), run by
/// FluentValidation's <see cref="AbstractValidator{T}.PreValidate"/>: it has no FluentValidation rule. Every command's and
/// every question's validator is one of these; each is called as any <see cref="IValidator{T}"/> is (sync or async, a context
/// shared by a request's validators, <c>ThrowOnFailures</c>), and its failures are what its field rules made (OneRule). A command's
/// are also run without FluentValidation, by <see cref="CommandValidators"/> (<see cref="Run"/>): the same checks, no context.
/// </summary>
/// <remarks>
/// Why not one rule, <c>RuleFor(r =&gt; r).Custom(…)</c>, as rounds 62–63 wrote them: FluentValidation makes no rule without an
/// expression, so each validator made built the identity tree, its text and its compile, and the rule, its builder and its
/// component — on a cold question the first use of <c>System.Linq.Expressions</c> and of FluentValidation's rule building (the
/// state question's validator was made in 6.1–6.7 ms of CPU, 1.3–1.9 ms without a rule: docs/performance.md, round 64). Run
/// before the rules, the checks need none, and running them costs no rule's display name, path or formatter reset either.
/// </remarks>
public abstract class OneRuleValidator<T> : AbstractValidator<T>
{
    /// <summary>The request's checks, in the order its field rules ran; failures are added through <paramref name="rule"/>.</summary>
    protected abstract void Check(T request, OneRule<T> rule);

    /// <summary>Runs <see cref="Check"/>, then lets FluentValidation go on: its null check, its (empty) rules and its result.</summary>
    protected sealed override bool PreValidate(ValidationContext<T> context, ValidationResult result)
    {
        // A null request is refused by FluentValidation next, as it was when the checks were a rule.
        if (context.InstanceToValidate is null) return true;
        Run(new RuleRun<T>(context));
        return true;
    }

    /// <summary>Runs <see cref="Check"/> in <paramref name="run"/>: FluentValidation's context's, or one without a context (<see cref="CommandValidators"/>).</summary>
    internal void Run(RuleRun<T> run) => Check(run.Request, new OneRule<T>(run));
}
