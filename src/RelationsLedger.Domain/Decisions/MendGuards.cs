using RelationsLedger.Domain.Aspects;
using RelationsLedger.Domain.Events;
using RelationsLedger.Domain.State;

namespace RelationsLedger.Domain.Decisions;

/// <summary>
/// What a command is refused that the record itself does not need: a mend that would change nothing (a correction that
/// restates the date and fields its target already reads), or silently undo another. A correction's replacement is the whole event, made on the target as corrected so far, and the latest
/// correction standing is what every answer reads. So a retraction of a correction that a later field correction
/// carries would change no field, and a second field correction of one fact in one batch (made, like the first, on the
/// form before the batch) would undo the first's changed fields.
/// <para>
/// Checked on what is proposed — a command, a batch's items — and not when a recorded event is decided again (the import,
/// <c>verify</c>): such a mend contradicts nothing, and a ledger recorded before these guards may hold one.
/// </para>
/// </summary>
public static class MendGuards
{
    /// <param name="basis">The relationship's record, its facts' forms looked up there (round 51 of issue #16: each correction
    /// of a fact corrected k times searched the whole record, and each retraction of one of its corrections searched it once for
    /// each later correction).</param>
    /// <param name="before">The facts proposed with it and before it (a batch's earlier items on the relationship).</param>
    /// <returns>null when the proposed fact is no such mend; otherwise why it is refused.</returns>
    public static Conflict? Check(DecisionBasis basis, IReadOnlyList<Fact> before, Fact proposed)
    {
        if (proposed.Event is EntryCorrected restating && ChangesNothing(basis, before, restating) is { } form)
            return new($"it changes nothing: event {restating.Target} already reads {form.EffectiveDate}" +
                (restating.Replacement is null ? "" : " with every field as given") +
                (restating.Replacement is IMutualEvent named && !Equals(named, form.Event) ? " (its two parties named in the other order: the same fact)" : "") +
                "; give the values that differ", restating.Target);
        if (proposed.Event is EntryCorrected { Replacement: not null } c && before.Any(p => p.Event is EntryCorrected { Replacement: not null } other && other.Target == c.Target))
            return new($"event {c.Target} has its fields corrected by another command of this batch already; give all its changed fields in one correction");
        if (proposed.Event is EntryRetracted r && basis.RecordedFact(r.Target) is { Event: EntryCorrected { Replacement: not null } corrected } correction
            && basis.LatestFieldCorrection(corrected.Target) is { } later && later.Revision > correction.Revision)
            return new($"the fields it corrected are carried by the later correction {later.EventId}: a replacement is the whole event, so " +
                "retracting this one would change no field; retract the later correction first, or correct the event again", later.EventId);
        return null;
    }

    /// <summary>
    /// The target's current form when <paramref name="correction"/> would leave it as it reads: its corrected date (if any) the
    /// one it has, its replacement (if any) the event it already is. Such a correction is a second record of what stands.
    /// </summary>
    /// <remarks>
    /// Only of a recorded target: a fact proposed in the same batch is refused by the decision, saying so (a correction of its
    /// fields has no replacement, being made on the record, so it read here as restating the date).
    /// </remarks>
    private static Fact? ChangesNothing(DecisionBasis basis, IReadOnlyList<Fact> before, EntryCorrected correction) =>
        basis.RecordedFact(correction.Target) is not null
        && FormBefore(basis, before, correction.Target) is { } form
        && (correction.EffectiveDate is not { } date || date == form.EffectiveDate)
        && (correction.Replacement is null || SameFact(correction.Replacement, form.Event))
            ? form
            : null;

    /// <summary>
    /// Whether a replacement is the fact it replaces: the same event, or — a mutual event, which names its parties in either order —
    /// the same with its two parties the other way round. Before round 69 a correction that only swapped <c>partyA</c> and
    /// <c>partyB</c> was recorded, a correction in the trail that no answer shows.
    /// </summary>
    private static bool SameFact(IRelationshipEvent replacement, IRelationshipEvent form) =>
        Equals(replacement, form) || (replacement is IMutualEvent mutual && Equals(mutual.Swapped(), form));

    /// <summary>
    /// A recorded fact's current form with the batch's earlier items recorded too: looked up in the record when none of them is a
    /// mend (nothing proposed before it changes a form), else the record and those items resolved for it.
    /// </summary>
    private static Fact? FormBefore(DecisionBasis basis, IReadOnlyList<Fact> before, Guid target) =>
        before.Any(f => f.Event is IMendEvent) ? Timeline.CurrentForm([.. basis.Recorded, .. before], target) : basis.FormOf(target);
}
