using System.Collections.Concurrent;
using FluentValidation;
using FluentValidation.Results;
using Microsoft.Extensions.DependencyInjection;
using RelationsLedger.Application.Storage;
using RelationsLedger.Domain.Events;

namespace RelationsLedger.Application.Commands.Recording;

/// <summary>
/// The validators registered for a command's type, run on a command known only at run time: a batch's items, an
/// imported event's command, a correction's replacement. Looked up once per type. Synchronous: the commands'
/// validators have no asynchronous rules, and an import runs them a million times. Every one is a
/// <see cref="OneRuleValidator{T}"/> without a FluentValidation rule, run here without FluentValidation's context
/// (<see cref="RuleRun{T}"/>): its checks, their failures filed in the run's own list.
/// </summary>
public sealed class CommandValidators(IServiceProvider services)
{
    /// <summary>
    /// A type's validators run over a command of it: all of them, or its own only (<c>own</c>: without the provenance rules every
    /// command shares), as recorded or not, with a memo of vouched sources or none; their failures.
    /// </summary>
    private delegate List<ValidationFailure> ForType(RecordCommand command, bool own, bool asRecorded, VouchedSources? vouched);

    private readonly ConcurrentDictionary<Type, ForType> _types = new();
    private TimeProvider? _clock;

    /// <summary>
    /// The container's memo of the sources that passed the sources' rules in a command checked for recording (the pipeline's
    /// commands, a batch's items): a writer cites the same few sources again and again, as an import's lines do, and those child
    /// rules were the largest part of FluentValidation's work a command (docs/performance.md, round 50). A server's lives for
    /// the process, bounded as every memo (<see cref="VouchedSources.MaxCharacters"/>).
    /// </summary>
    public VouchedSources Recording { get; } = new();

    /// <summary>
    /// Every failure of the command's validators. With <paramref name="vouched"/> (a memo over many commands: a run's, or the
    /// container's <see cref="Recording"/>), sources that passed the sources' rules before in a command that passed whole are
    /// not run through them again, and this command's are remembered if it passes whole: the failures are the same.
    /// </summary>
    public List<ValidationFailure> Validate(RecordCommand command, VouchedSources? vouched = null) => Run(command, own: false, vouched: vouched);

    /// <summary>
    /// As <see cref="Validate"/>, for a command rebuilt from an event already recorded (an import's line, an event verify decides
    /// again): the rules of what the ledger records from now on only (<see cref="FieldRules.AsRecorded"/>) are left out.
    /// </summary>
    public List<ValidationFailure> ValidateAsRecorded(RecordCommand command, VouchedSources? vouched = null) => Run(command, own: false, asRecorded: true, vouched);

    /// <summary>
    /// The failures of the rules of the command's own fields only: the provenance rules every command shares
    /// (<see cref="RecordCommandValidator{T}"/>) are left out, for a command that carries no provenance of its own.
    /// </summary>
    public List<ValidationFailure> ValidateOwnFields(RecordCommand command) => Run(command, own: true);

    /// <summary>
    /// The event <paramref name="command"/> records on this history, after what it carries inside its event has passed its own
    /// command's rules: a correction's replacement is an event the ledger will hold, so it must be one its command would record.
    /// Failures are named under the field that carries it (<c>changes.title</c>); nothing is decided or written before this.
    /// </summary>
    public IRelationshipEvent EventOf(RecordCommand command, RelationshipHistory history)
    {
        if (command.Carried(history) is not { } carried) return command.ToEvent(history);
        var failures = ValidateOwnFields(carried.Command).Select(f => new ValidationFailure($"{carried.Field}.{f.PropertyName}", f.ErrorMessage)).ToList();
        if (failures.Count > 0) throw new ValidationException(failures);
        return command.ToEvent(history, carried.Command);
    }

    private List<ValidationFailure> Run(RecordCommand command, bool own, bool asRecorded = false, VouchedSources? vouched = null)
    {
        // Looked up before GetOrAdd: the method group passed to it is a new delegate at every call, on every line of an import.
        var type = _types.TryGetValue(command.GetType(), out var known) ? known : _types.GetOrAdd(command.GetType(), Describe);
        var day = vouched is null ? default : FieldRules.LatestDayBegun(Clock);
        var failures = type(command, own, asRecorded, vouched);
        // Only a command that passed every rule, the sources' included, vouches for its sources; and only for the day its
        // validation began and ended on, which every source's date was measured against.
        if (vouched is not null && !own && failures.Count == 0 && FieldRules.LatestDayBegun(Clock) == day)
            vouched.Vouch(command.Sources, asRecorded, day);
        return failures;
    }

    /// <summary>The clock the validators measure a future date by (the container's, as theirs).</summary>
    private TimeProvider Clock => _clock ??= services.GetRequiredService<TimeProvider>();

    private ForType Describe(Type commandType) =>
        typeof(CommandValidators).GetMethod(nameof(DescribeOf), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!
            .MakeGenericMethod(commandType).CreateDelegate<Func<ForType>>(this)();

    private ForType DescribeOf<T>() where T : RecordCommand
    {
        var all = services.GetServices<IValidator<T>>().Select(Checks).ToArray();
        var own = all.Where(v => v is not RecordCommandValidator<T>).ToArray();
        // One run for all of the command's validators, as one context was: its failures in the validators' order.
        return (command, ownOnly, asRecorded, vouched) =>
        {
            var run = new RuleRun<T>((T)command, asRecorded, vouched);
            foreach (var validator in ownOnly ? own : all) validator.Run(run);
            return run.Failures;
        };
    }

    /// <summary>
    /// A command's validator as this runs it: its checks only. A validator of FluentValidation's rules would go unrun here, so
    /// there is none (CommandRulesOracleTests).
    /// </summary>
    private static OneRuleValidator<T> Checks<T>(IValidator<T> validator) =>
        validator is OneRuleValidator<T> checks && !((IEnumerable<IValidationRule>)checks).Any() ? checks
            : throw new InvalidOperationException($"{validator.GetType().Name} is not a validator of checks alone (a OneRuleValidator without rules): a command's validators are run without FluentValidation's rules.");
}
