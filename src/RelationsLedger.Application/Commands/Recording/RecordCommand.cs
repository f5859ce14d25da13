using System.Text.Json.Serialization;
using MediatR;
using RelationsLedger.Application.Storage;
using RelationsLedger.Domain.Events;
using RelationsLedger.Domain.Time;

namespace RelationsLedger.Application.Commands.Recording;

/// <summary>
/// A request to record one change in a relationship. It is validated, decided against the
/// relationship's timeline, and — when accepted — recorded as exactly one event whose id is
/// <see cref="CommandId"/>, so that retrying the same command never records it twice.
/// </summary>
public abstract record RecordCommand : IRequest<Recorded>
{
    public Guid CommandId { get; init; } = Guid.NewGuid();

    /// <summary>When the change took effect: YYYY, YYYY-MM or YYYY-MM-DD (empty for a mend: the day it is recorded).</summary>
    public string EffectiveDate { get; init; } = "";

    public string RecordedBy { get; init; } = "";

    public IReadOnlyList<SourceInput> Sources { get; init; } = [];

    public Guid? CorrelationId { get; init; }

    public Guid? CausationId { get; init; }

    /// <summary>
    /// The configured name of the API key the command came with, set by the API from the authenticated key — never read
    /// from a body (a body that gives it is refused) — and null on the CLI. Recorded in the envelope as <c>recordedThrough</c>.
    /// </summary>
    [JsonIgnore]
    public string? RecordedThrough { get; init; }

    /// <summary>The two parties of the relationship the command is about.</summary>
    public abstract (string A, string B) Parties();

    /// <summary>
    /// The event this command records; mends read the history to find what they mend. The record paths make it through
    /// <see cref="CommandValidators.EventOf"/>, which checks first what the event carries (<see cref="Carried"/>).
    /// </summary>
    public abstract IRelationshipEvent ToEvent(RelationshipHistory history);

    /// <summary>
    /// The command whose event this one's event carries, made on this history, and the field that carries it (a
    /// correction's replacement, under <c>changes</c>); null when it carries none. <see cref="CommandValidators.EventOf"/>
    /// checks it by that command's own rules before the event is made.
    /// </summary>
    public virtual (RecordCommand Command, string Field)? Carried(RelationshipHistory history) => null;

    /// <summary>
    /// The event this command records, given what <see cref="Carried"/> made on this same history: finding what a command
    /// carries reads the history (a correction's target as corrected so far, a scan of the relationship), so the record paths
    /// find it once and hand it on (docs/performance.md, round 32). Only a command that carries one has anything to use it for.
    /// </summary>
    public virtual IRelationshipEvent ToEvent(RelationshipHistory history, RecordCommand carried) => ToEvent(history);

    /// <summary>Whether an empty <see cref="EffectiveDate"/> means the day the command is recorded (mends) rather than a missing date.</summary>
    public virtual bool EffectiveTodayByDefault => false;

    /// <summary>The effective date the command records: as given, or (for a mend without one) today on <paramref name="clock"/>.</summary>
    public PartialDate EffectiveOn(TimeProvider clock) =>
        string.IsNullOrEmpty(EffectiveDate) && EffectiveTodayByDefault
            ? PartialDate.OfDay(FieldRules.Today(clock))
            : PartialDate.Parse(EffectiveDate);
}

/// <summary>A command that records events of type <typeparamref name="TEvent"/>.</summary>
public abstract record RecordCommand<TEvent> : RecordCommand where TEvent : class, IRelationshipEvent
{
    public abstract override TEvent ToEvent(RelationshipHistory history);
}
