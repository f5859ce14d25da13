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
/// validators have no asynchronous rules (FluentValidation would refuse to run one here), and an import runs them a
/// million times.
/// </summary>
public sealed class CommandValidators(IServiceProvider services)
{
    /// <summary>A type's validators: all of them, and its own (without the provenance rules every command shares).</summary>
    private sealed record ForType(IReadOnlyList<IValidator> All, IReadOnlyList<IValidator> Own, Func<object, IValidationContext> Context);

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
        // One context for all of the command's validators, as the pipeline's behaviour runs them: a context collects the
        // failures of every validator run with it, so the last result holds them all, in the validators' order. A context
        // per validator cost an import line and a batch item a second context (~900 bytes: its path, formatter, data).
        var context = type.Context(command);
        if (asRecorded) context.RootContextData[FieldRules.AsRecorded] = true;
        if (vouched is not null) context.RootContextData[VouchedSources.Key] = vouched;
        List<ValidationFailure>? failures = null;
        foreach (var validator in own ? type.Own : type.All)
            failures = validator.Validate(context).Errors;
        // Only a command that passed every rule, the sources' included, vouches for its sources; and only for the day its
        // validation began and ended on, which every source's date was measured against.
        if (vouched is not null && !own && failures is not { Count: > 0 } && FieldRules.LatestDayBegun(Clock) == day)
            vouched.Vouch(command.Sources, asRecorded, day);
        return failures ?? [];
    }

    /// <summary>The clock the validators measure a future date by (the container's, as theirs).</summary>
    private TimeProvider Clock => _clock ??= services.GetRequiredService<TimeProvider>();

    private ForType Describe(Type commandType)
    {
        var all = services.GetServices(typeof(IValidator<>).MakeGenericType(commandType)).Cast<IValidator>().ToList();
        var shared = typeof(RecordCommandValidator<>).MakeGenericType(commandType);
        var context = typeof(CommandValidators).GetMethod(nameof(ContextFor), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!
            .MakeGenericMethod(commandType).CreateDelegate<Func<object, IValidationContext>>();
        return new(all, all.Where(v => v.GetType() != shared).ToList(), context);
    }

    private static IValidationContext ContextFor<T>(object command) => new ValidationContext<T>((T)command);
}
