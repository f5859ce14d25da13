using FluentValidation;
using FluentValidation.Results;

namespace RelationsLedger.Application.Commands.Recording;

/// <summary>
/// One run of a request's checks (<see cref="OneRuleValidator{T}"/>, through <see cref="OneRule{T}"/>): the request, what its
/// checks read besides it — whether it is checked as already recorded (<see cref="FieldRules.AsRecorded"/>) and a run's memo of
/// the sources that passed (<see cref="VouchedSources"/>) — and where its failures go. Run by FluentValidation (a question, a
/// batch, a request an entry point validates) it is its context's: that data, that path, that list of failures. Run by
/// <see cref="CommandValidators"/> (every command the ledger records, imports or decides again) there is no context: the data
/// given, the request's own fields at the root, the failures in a list of its own, made at the first.
/// </summary>
/// <remarks>
/// Why not a context for every run: FluentValidation's is made whole by its constructor — its data dictionary, property
/// chain, failures list and message formatter, none of which a command that passes uses (no check formats with the context's
/// formatter) — and each validator's run adds a result; with the data put in, ~1.1 KB of an import's 4.8 KB a line
/// (docs/performance.md, round 67). The checks are the same code either way; only where a failure is filed differs.
/// </remarks>
public sealed class RuleRun<T>
{
    private readonly ValidationContext<T>? _context;
    private List<ValidationFailure>? _failures;

    /// <summary>A run by FluentValidation: the context's request, data and failures.</summary>
    internal RuleRun(ValidationContext<T> context) :
        this(context.InstanceToValidate, context.RootContextData.ContainsKey(FieldRules.AsRecorded), VouchedSources.Of(context)) =>
        _context = context;

    /// <summary>A run of the ledger's own, without a context (<see cref="CommandValidators"/>).</summary>
    internal RuleRun(T request, bool asRecorded, VouchedSources? vouched) => (Request, AsRecorded, Vouched) = (request, asRecorded, vouched);

    public T Request { get; }

    /// <summary>Whether the request is checked as already recorded (<see cref="FieldRules.AsRecorded"/>): invisible characters are let through.</summary>
    public bool AsRecorded { get; }

    /// <summary>The run's memo of the sources that passed the sources' rules (an import's, the container's), if any.</summary>
    public VouchedSources? Vouched { get; }

    /// <summary>The failures of a run without a context, in the order they were filed; an empty list when there were none.</summary>
    internal List<ValidationFailure> Failures => _failures ?? [];

    /// <summary>The path of a field of the request: under the context's property chain, as FluentValidation's rule built it; at the root without one.</summary>
    internal string Path(string name) => _context is null ? name : _context.PropertyChain.BuildPropertyPath(name);

    internal void Add(ValidationFailure failure)
    {
        if (_context is not null) _context.AddFailure(failure);
        else (_failures ??= []).Add(failure);
    }
}
