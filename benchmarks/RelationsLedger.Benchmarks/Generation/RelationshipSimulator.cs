using System.Runtime.InteropServices;
using RelationsLedger.Application.Storage;
using RelationsLedger.Domain.Decisions;
using RelationsLedger.Domain.Aspects;
using RelationsLedger.Domain.Events;
using RelationsLedger.Domain.Parties;
using RelationsLedger.Domain.Provenance;
using RelationsLedger.Domain.State;
using RelationsLedger.Domain.Time;

namespace RelationsLedger.Benchmarks.Generation;

/// <summary>
/// Writes the record of one relationship by simulating it: each proposed change is checked with the
/// domain's own <see cref="Rules"/> against the state folded so far (<see cref="Fold"/>), so every
/// event would be accepted by <c>Decide</c>. Effective dates never go backwards in recording order,
/// so the timeline the decision folds is the order simulated here.
/// Mends only touch what no rule reads (statements, engagements, pledges, a designation's
/// reference), so they never make a later fact contradict the timeline.
/// </summary>
internal sealed class RelationshipSimulator
{
    private readonly RelationshipKey _key;
    private readonly Random _rng;
    private readonly IReadOnlyList<Source> _sources;
    private readonly DateOnly _end;
    private readonly double _meanGapDays;
    private readonly List<GeneratedEvent> _mendable = [];
    private readonly HashSet<Guid> _retracted = [];
    // A mended entry's form as corrected so far: a correction's replacement is made on it (as CorrectEntry makes it),
    // and one that would leave it as it reads is not proposed (MendGuards refuses it: "it changes nothing").
    private readonly Dictionary<Guid, (IRelationshipEvent Event, PartialDate Date)> _corrected = [];
    private readonly string _a, _b;
    private RelationshipState _state;
    private DateOnly _cursor;
    private PartialDate? _last;
    private long _revision;
    private readonly bool _collidingIds;

    public RelationshipSimulator(RelationshipKey key, Random rng, IReadOnlyList<Source> sources, DateOnly start, DateOnly end, int events, bool collidingIds = false)
    {
        (_key, _rng, _sources, _end, _collidingIds) = (key, rng, sources, end, collidingIds);
        (_a, _b) = (key.First.Value, key.Second.Value);
        _state = RelationshipState.Initial(key);
        _cursor = start;
        _meanGapDays = Math.Max(0.0, (end.DayNumber - start.DayNumber) / (double)Math.Max(1, events));
    }

    public GeneratedEvent Next()
    {
        var date = NextDate();
        var draw = _rng.NextDouble();
        if (_revision == 0 && (PartyId.Parse(_a).IsState && PartyId.Parse(_b).IsState))
            return Accept(date, new RelationsEstablished(_a, _b));
        if (draw < 0.03 && Mend(date) is { } mend) return mend;
        if (draw < 0.04 && Retract(date) is { } retraction) return retraction;

        var (actor, counterpart) = _rng.Next(2) == 0 ? (_a, _b) : (_b, _a);
        var proposed = Propose(_rng.NextDouble(), actor, counterpart);
        if (proposed is null || Rules.Check(_state, Probe(date, proposed)) is not null)
            proposed = new StatementMade(actor, counterpart, _rng.Pick(Vocabulary.Speakers), (Stance)_rng.Next(4), Summary(actor, counterpart));
        return Accept(date, proposed);
    }

    /// <summary>A realistic mix: talk and meetings dominate, then treaties, diplomats, measures and projects.</summary>
    private IRelationshipEvent? Propose(double p, string actor, string counterpart) => p switch
    {
        < 0.20 => new StatementMade(actor, counterpart, _rng.Pick(Vocabulary.Speakers), (Stance)_rng.Next(4), Summary(actor, counterpart)),
        < 0.36 => new EngagementHeld(_a, _b, _rng.Pick(Vocabulary.EngagementKinds), _rng.Next(4) == 0 ? null : _rng.Pick(Vocabulary.Cities),
            $"{_rng.Pick(Vocabulary.EngagementKinds)} on {_rng.Pick(Vocabulary.AgreementSubjects)}"),
        < 0.46 => Agreement(),
        < 0.58 => Ambassador(actor, counterpart),
        < 0.65 => Mission(actor, counterpart),
        < 0.71 => Designation(actor, counterpart),
        < 0.78 => Sanctions(actor, counterpart),
        < 0.83 => new CooperationPledged(actor, counterpart, _rng.Pick(Vocabulary.Domains),
            _rng.Next(3) == 0 && _rng.Pick(Parties.Organisations) is var adversary && adversary != actor && adversary != counterpart ? adversary : null),
        < 0.91 => Project(actor, counterpart),
        < 0.93 => Recognition(actor, counterpart),
        < 0.94 => Relations(),
        _ => null, // a statement: the commonest fact of all

    };

    private IRelationshipEvent? Agreement()
    {
        var inForce = _state.Agreements.Where(a => a.InForce()).ToList();
        if (inForce.Count > 0 && _rng.Next(3) == 0)
            return new AgreementTerminated(_a, _b, _rng.Pick(inForce).Title, _rng.Next(2) == 0 ? "expired" : null);
        return new AgreementSigned(_a, _b, _rng.Pick(Vocabulary.AgreementKinds), $"Agreement on {_rng.Pick(Vocabulary.AgreementSubjects)}");
    }

    private IRelationshipEvent? Ambassador(string sending, string receiving)
    {
        if (_state.Ambassadors.Find(a => a.Sending == sending && a.InForce()) is { } inPost)
            return _rng.Next(5) == 0
                ? new AmbassadorExpelled(sending, receiving, inPost.Person, "persona non grata")
                : new AmbassadorRecalled(sending, receiving, inPost.Person, _rng.Next(2) == 0 ? "end of term" : null);
        if (_state.Nominations.Find(n => n.Sending == sending && n.InForce()) is { } pending)
            return new AmbassadorAccredited(sending, receiving, pending.Person);
        return new AmbassadorNominated(sending, receiving, $"{_rng.Pick(Vocabulary.FirstNames)} {_rng.Pick(Vocabulary.LastNames)} {_revision}");
    }

    private IRelationshipEvent? Mission(string actor, string counterpart)
    {
        var open = _state.Missions.Find(m => m.Actor == actor && m.InForce());
        if (open is null)
            return new MissionOpened(actor, counterpart, (MissionLevel)_rng.Next(5), _rng.Pick(Vocabulary.Cities), null);
        if (_rng.Next(3) == 0) return new MissionClosed(actor, counterpart, "relations downgraded");
        var level = (MissionLevel)_rng.Next(8);
        return level == open.Level ? null : new MissionLevelChanged(actor, counterpart, level, open.City,
            level == MissionLevel.InterestsSection ? _rng.Pick(Parties.States) is var p && p != _a && p != _b ? p : null : null);
    }

    private IRelationshipEvent? Designation(string actor, string counterpart)
    {
        var list = _rng.Pick(Vocabulary.Lists);
        var authority = _rng.Pick(Vocabulary.Authorities);
        var inForce = _state.Designations.Find(d => d.Actor == actor && ItemLists.SameTitle(d.List, list) && d.InForce());
        return inForce is null
            ? new DesignationImposed(actor, counterpart, list, authority, _rng.Next(2) == 0 ? $"No. {_rng.Next(1000)}" : null)
            : new DesignationRemoved(actor, counterpart, list, authority, null);
    }

    private IRelationshipEvent? Sanctions(string actor, string counterpart)
    {
        var programme = _rng.Pick(Vocabulary.Programmes);
        var inForce = _state.Sanctions.Find(x => x.Actor == actor && ItemLists.SameTitle(x.Programme, programme) && x.InForce());
        return inForce is null
            ? new SanctionsImposed(actor, counterpart, programme, "trade and financial transactions")
            : new SanctionsLifted(actor, counterpart, programme);
    }

    private IRelationshipEvent? Project(string actor, string counterpart)
    {
        var title = $"{_rng.Pick(Vocabulary.ProjectSubjects)} {_rng.Next(1, 6)}";
        return _state.Projects.Find(p => ItemLists.SameTitle(p.Title, title)) switch
        {
            null or { Ended: not null } => new ProjectProposed(actor, counterpart, _rng.Pick(Vocabulary.Sectors), title),
            { Stage: ProjectStage.Proposed } p when _rng.Next(4) > 0 => new ProjectLaunched(p.Actor, p.Counterpart, p.Title),
            var p => new ProjectCancelled(p.Actor, p.Counterpart, p.Title, "financing withdrawn"),
        };
    }

    private IRelationshipEvent? Recognition(string actor, string counterpart) =>
        _state.Recognitions.Find(r => r.Actor == actor && r.InForce()) is null
            ? new RecognitionGranted(actor, counterpart, _rng.Next(4) == 0 ? RecognitionForm.DeFacto : RecognitionForm.DeJure)
            : new RecognitionWithdrawn(actor, counterpart, null);

    private IRelationshipEvent? Relations() => _state.Relations?.Status switch
    {
        null => new RelationsEstablished(_a, _b),
        RelationsStatus.Established => new RelationsSevered(_a, _b, "border conflict"),
        _ => new RelationsRestored(_a, _b),
    };

    /// <summary>A correction of something no rule reads: a statement's summary, an engagement's place or date, a designation's reference.</summary>
    private GeneratedEvent? Mend(PartialDate date)
    {
        if (MendTarget() is not { } target) return null;
        var reason = "The source was misread.";
        IRelationshipEvent? replacement = null;
        Dictionary<string, string?>? changes = null;
        PartialDate? newDate = null;
        var (current, currentDate) = _corrected.GetValueOrDefault(target.EventId, (target.Event, target.EffectiveDate));
        switch (current)
        {
            case StatementMade s:
                replacement = s with { Summary = s.Summary + " (corrected)" };
                changes = new() { ["summary"] = s.Summary + " (corrected)" };
                break;
            case EngagementHeld e when _rng.Next(2) == 0:
                replacement = e with { Place = "Geneva" };
                changes = new() { ["place"] = "Geneva" };
                break;
            case EngagementHeld or CooperationPledged:
                newDate = PartialDate.OfDay(_cursor.AddDays(-_rng.Next(0, 30)));
                break;
            case DesignationImposed d:
                replacement = d with { Reference = "GKPI 03-116" };
                changes = new() { ["reference"] = "GKPI 03-116" };
                break;
        }
        if (replacement is null && newDate is null) return null;
        if ((replacement is null || Equals(replacement, current)) && (newDate is null || newDate == currentDate)) return null;
        _corrected[target.EventId] = (replacement ?? current, newDate ?? currentDate);
        return Accept(date, new EntryCorrected(target.EventId, reason, newDate, replacement), changes);
    }

    private GeneratedEvent? Retract(PartialDate date)
    {
        if (MendTarget(retractable: true) is not { } target) return null;
        _retracted.Add(target.EventId);
        return Accept(date, new EntryRetracted(target.EventId, "Entered in the wrong relationship."));
    }

    private GeneratedEvent? MendTarget(bool retractable = false)
    {
        for (var tries = 0; tries < 4 && _mendable.Count > 0; tries++)
        {
            // Mostly recent entries: errors are usually found soon after they are recorded.
            var index = Math.Max(0, _mendable.Count - 1 - (int)Math.Abs(_rng.NextDouble() * _rng.NextDouble() * _mendable.Count));
            var candidate = _mendable[index];
            if (_retracted.Contains(candidate.EventId) || (retractable && candidate.Event is DesignationImposed)) continue;
            return candidate;
        }
        return null;
    }

    private GeneratedEvent Accept(PartialDate date, IRelationshipEvent e, IReadOnlyDictionary<string, string?>? changes = null)
    {
        var id = NewId();
        var recordedBy = _rng.Pick(Vocabulary.Recorders);
        IReadOnlyList<Source> sources = _rng.Next(4) == 0 ? [_rng.Pick(_sources), _rng.Pick(_sources)] : [_rng.Pick(_sources)];
        var generated = new GeneratedEvent(_key, id, date, e, new Provenance(recordedBy, sources, id, id), changes);
        if (e is not IMendEvent) _state = Fold.Evolve(_state, Probe(date, e, id));
        if (e is StatementMade or EngagementHeld or CooperationPledged or DesignationImposed) _mendable.Add(generated);
        _revision++;
        return generated;
    }

    private Fact Probe(PartialDate date, IRelationshipEvent e, Guid? id = null) => new(id ?? Guid.Empty, date, DateTimeOffset.MinValue, _revision, e);

    private Guid NewId()
    {
        Span<byte> bytes = stackalloc byte[16];
        _rng.NextBytes(bytes);
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40); // version 4, as Guid.NewGuid would give
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        if (_collidingIds) // the last word cancels the first three: Guid.GetHashCode, their exclusive or, is 0 for every id
        {
            var words = MemoryMarshal.Cast<byte, int>(bytes);
            words[3] = words[0] ^ words[1] ^ words[2];
        }
        return new Guid(bytes);
    }

    /// <summary>
    /// Moves the cursor on and draws a precision (mostly days, some months and years), never
    /// ordering before the previous fact.
    /// </summary>
    private PartialDate NextDate()
    {
        var step = (int)Math.Round(-Math.Log(1 - _rng.NextDouble()) * _meanGapDays);
        _cursor = _cursor.AddDays(step) is var next && next > _end ? _end : next;
        var p = _rng.NextDouble();
        var date = p < 0.75 ? PartialDate.OfDay(_cursor) : p < 0.90 ? PartialDate.OfMonth(_cursor.Year, _cursor.Month) : PartialDate.OfYear(_cursor.Year);
        if (_last is { } last && date < last) date = PartialDate.OfDay(_cursor) is var day && day >= last ? day : last;
        _last = date;
        return date;
    }

    private string Summary(string actor, string counterpart) =>
        $"{actor} describes {counterpart} as a {(_rng.Next(2) == 0 ? "partner" : "counterpart")} on {_rng.Pick(Vocabulary.Domains)}.";
}
