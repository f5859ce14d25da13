using System.Text.Json.Nodes;

namespace RelationsLedger.Testing.Definitions;

/// <summary>
/// What the analysts' questions must answer, worked out from the events alone (an export: both times, partial dates, mends
/// naming what they mend) by the definitions of domain.md, docs/events.md and docs/projections.md — a naive loop over the
/// events, with no call into the product's fold, rules, aspects or read model, so that a misreading of the definitions
/// there cannot agree with itself here. It answers for diplomatic relations, designations and missions (the state of a
/// relationship, <c>designations-by</c>, <c>designations-of</c>, <c>missions-of --at-least</c>) and for <c>changed</c>
/// (every kind of fact), each as lines of text that <see cref="AnswerLines"/> also makes of the product's JSON answers.
/// </summary>
public sealed partial class DefinitionsOracle(IReadOnlyList<LoggedEvent> log)
{
    /// <summary>Mission levels, greatest first (docs/events.md, MissionOpened).</summary>
    public static readonly string[] Levels =
        ["embassy", "ambassador-nonresident", "legation", "envoy-nonresident", "consulate", "consul-nonresident", "liaison", "interests-section"];

    public static bool AtLeast(string level, string minimum) => Array.IndexOf(Levels, level) <= Array.IndexOf(Levels, minimum);

    /// <summary>One fact as the record reads it at a moment: the event with its standing corrections applied.</summary>
    public sealed record Form(Guid Id, string Type, DayRange Effective, DateTimeOffset RecordedAt, long Revision, JsonObject Data)
    {
        public string Field(string name) => (string)Data[name]!;
    }

    private readonly ILookup<string, LoggedEvent> _byRelationship = log.ToLookup(e => e.Relationship);
    private readonly Dictionary<(string, DateTimeOffset?), IReadOnlyList<Form>> _records = [];
    private readonly Dictionary<(string, DateOnly, DateTimeOffset?), Standing> _standings = [];

    public IEnumerable<string> Relationships => _byRelationship.Select(g => g.Key).Order(StringComparer.Ordinal);

    /// <summary>
    /// The facts of a relationship as known at <paramref name="knownAt"/> (all, when null): only events recorded at or before
    /// it; a retracted event is gone; a correction that is not retracted gives its target its date and/or its whole event,
    /// corrections applying in recording order; mends themselves are no facts. In effective order: first day, then last day,
    /// then recording order (docs/api.md, "How it is decided").
    /// </summary>
    public IReadOnlyList<Form> Record(string relationship, DateTimeOffset? knownAt)
    {
        // Remembered: the log does not change under the oracle, and the questions across relationships ask it again and again.
        if (!_records.TryGetValue((relationship, knownAt), out var record)) _records[(relationship, knownAt)] = record = Resolve(relationship, knownAt);
        return record;
    }

    private List<Form> Resolve(string relationship, DateTimeOffset? knownAt)
    {
        var known = _byRelationship[relationship].Where(e => knownAt is null || e.RecordedAt <= knownAt).OrderBy(e => e.Revision).ToList();
        var retracted = known.Where(e => e.Type == "EntryRetracted").Select(e => Guid.Parse(e.Field("target"))).ToHashSet();
        var forms = new List<Form>();
        foreach (var fact in known.Where(e => !e.IsMend && !retracted.Contains(e.Id)))
        {
            var (type, date, data) = (fact.Type, fact.Effective, fact.Data);
            foreach (var correction in known.Where(e => e.Type == "EntryCorrected" && Guid.Parse(e.Field("target")) == fact.Id && !retracted.Contains(e.Id)))
            {
                if (correction.Optional("effectiveDate") is { } corrected) date = DayRange.Parse(corrected);
                if (correction.Data["replacement"] is JsonObject replacement) (type, data) = ((string)replacement["type"]!, replacement["data"]!.AsObject());
            }
            forms.Add(new(fact.Id, type, date, fact.RecordedAt, fact.Revision, data));
        }
        return forms.OrderBy(f => f.Effective.First).ThenBy(f => f.Effective.Last).ThenBy(f => f.Revision).ToList();
    }

    private sealed record Ended(DayRange On, Guid EventId);

    private sealed record Designation(string Actor, string Counterpart, string List, DayRange Since, Guid EventId, Ended? Removed, Ended? Suspended)
    {
        public string Status => Removed is not null ? "ended" : Suspended is not null ? "suspended" : "in-force";
        public DayRange LastChange => Removed?.On ?? Suspended?.On ?? Since;
    }

    private sealed record Mission(string Actor, string Counterpart, string Level, DayRange Since, Guid EventId, Ended? Closed)
    {
        public string Status => Closed is null ? "in-force" : "ended";
        public DayRange LastChange => Closed?.On ?? Since;
    }

    /// <summary>A relationship as of a day: relations, the listings (in the order first listed), each party's mission and every version it had.</summary>
    private sealed class Standing
    {
        public (string Status, DayRange Since, Guid EventId)? Relations;
        public readonly List<Designation> Designations = [];
        public readonly Dictionary<string, List<Mission>> MissionVersions = [];
        public Mission? MissionOf(string actor) => MissionVersions.TryGetValue(actor, out var v) ? v[^1] : null;
        /// <summary>The other kinds' items (recognitions … projects), by kind and identity, in the order first put there.</summary>
        public readonly Dictionary<string, List<Tenure>> Tenures = [];
        /// <summary>Engagements and statements, every one whose first possible day is on or before the day, in the record's order.</summary>
        public readonly Dictionary<string, List<Occurrence>> Occurrences = [];
    }

    private static string ListKey(string list) => list.Trim().ToUpperInvariant();

    /// <summary>The facts whose first possible day is on or before <paramref name="asOf"/>, one after the other (docs/projections.md, "Certainty").</summary>
    private Standing StandingAsOf(string relationship, DateOnly asOf, DateTimeOffset? knownAt)
    {
        if (_standings.TryGetValue((relationship, asOf, knownAt), out var kept)) return kept;
        var s = _standings[(relationship, asOf, knownAt)] = new Standing();
        foreach (var f in Record(relationship, knownAt).Where(f => f.Effective.First <= asOf))
        {
            var at = s.Designations.FindIndex(d => f.Data["list"] is not null && d.Actor == f.Field("actor") && ListKey(d.List) == ListKey(f.Field("list")));
            var listing = at >= 0 ? s.Designations[at] : null;
            switch (f.Type)
            {
                case "RelationsEstablished" or "RelationsRestored": s.Relations = ("established", f.Effective, f.Id); break;
                case "RelationsSevered": s.Relations = ("severed", f.Effective, f.Id); break;
                case "DesignationImposed":
                    var imposed = new Designation(f.Field("actor"), f.Field("counterpart"), f.Field("list"), f.Effective, f.Id, null, null);
                    if (at >= 0) s.Designations[at] = imposed; else s.Designations.Add(imposed);
                    break;
                case "DesignationRemoved" when listing is { Removed: null }: s.Designations[at] = listing with { Removed = new(f.Effective, f.Id) }; break;
                case "DesignationSuspended" when listing is { Removed: null, Suspended: null }: s.Designations[at] = listing with { Suspended = new(f.Effective, f.Id) }; break;
                case "DesignationReinstated" when listing is { Removed: null, Suspended: not null }:
                    s.Designations[at] = listing with { Suspended = null, Since = f.Effective, EventId = f.Id };
                    break;
                case "MissionOpened" or "MissionLevelChanged":
                    Version(s, f.Field("actor"), new(f.Field("actor"), f.Field("counterpart"), f.Field("level"), f.Effective, f.Id, null));
                    break;
                case "MissionClosed" when s.MissionOf(f.Field("actor")) is { Closed: null } open:
                    Version(s, f.Field("actor"), open with { Closed = new(f.Effective, f.Id) });
                    break;
                default: ApplyOtherKind(s, f); break;
            }
        }
        return s;
    }

    private static void Version(Standing s, string actor, Mission mission)
    {
        if (!s.MissionVersions.TryGetValue(actor, out var versions)) s.MissionVersions[actor] = versions = [];
        versions.Add(mission);
    }

    private static string Line(Designation d, DateOnly asOf) =>
        $"designation {d.Actor}>{d.Counterpart} '{d.List}' since {d.Since} ({d.EventId}) {d.Status} {d.LastChange.CertaintyAsOf(asOf)}"
        + (d.Suspended is { } s ? $" suspended {s.On} ({s.EventId})" : "") + (d.Removed is { } r ? $" removed {r.On} ({r.EventId})" : "");

    private static string Line(Mission m, string status, string certainty) =>
        $"mission {m.Actor}>{m.Counterpart} {m.Level} since {m.Since} ({m.EventId}) {status} {certainty}" + (m.Closed is { } c ? $" closed {c.On} ({c.EventId})" : "");

    private static string Line(Mission m, DateOnly asOf) => Line(m, m.Status, m.LastChange.CertaintyAsOf(asOf));

    /// <summary>The state of one relationship as of a day: relations, every listing, each party's mission, every other kind's items and the latest ten engagements and statements (sorted lines).</summary>
    public IReadOnlyList<string> State(string relationship, DateOnly asOf, DateTimeOffset? knownAt = null)
    {
        var s = StandingAsOf(relationship, asOf, knownAt);
        var lines = new List<string>();
        if (s.Relations is { } r) lines.Add($"relations {r.Status} since {r.Since} ({r.EventId}) {r.Since.CertaintyAsOf(asOf)}");
        lines.AddRange(s.Designations.Select(d => Line(d, asOf)));
        lines.AddRange(s.MissionVersions.Values.Select(v => Line(v[^1], asOf)));
        lines.AddRange(OtherKindLines(s, asOf));
        return Sorted(lines);
    }

    /// <summary>Across relationships an item counts while it is not certainly ended by the day (docs/projections.md, "Certainty").</summary>
    private static bool Counts(Ended? ended, DateOnly asOf) => ended is null || ended.On.Last > asOf;

    public IReadOnlyList<string> DesignationsBy(string party, DateOnly asOf, DateTimeOffset? knownAt = null) =>
        Designations(d => d.Actor == party, asOf, knownAt);

    public IReadOnlyList<string> DesignationsOf(string party, DateOnly asOf, DateTimeOffset? knownAt = null) =>
        Designations(d => d.Counterpart == party, asOf, knownAt);

    private IReadOnlyList<string> Designations(Func<Designation, bool> whose, DateOnly asOf, DateTimeOffset? knownAt) =>
        Sorted(Relationships.SelectMany(rel => StandingAsOf(rel, asOf, knownAt).Designations
            .Where(d => whose(d) && Counts(d.Removed, asOf)).Select(d => $"{rel} {Line(d, asOf)}")));

    /// <summary>
    /// Where <paramref name="party"/> has a mission of at least <paramref name="minimum"/> as of the day
    /// (docs/projections.md, "Certainty": a mission's level): its mission as of the day when at that level or above; else,
    /// when the change that took it below may still be ahead (its date not certainly on or before the day), the latest
    /// earlier version at that level or above that may still hold — walking back version by version while each version's
    /// change may be ahead, and past a closing only while the closing may be ahead — listed in force, possibly, with the
    /// mission as of the day as what it possibly changed to.
    /// </summary>
    public IReadOnlyList<string> MissionsAtLeast(string party, string minimum, DateOnly asOf, DateTimeOffset? knownAt = null)
    {
        var lines = new List<string>();
        foreach (var rel in Relationships)
        {
            if (!StandingAsOf(rel, asOf, knownAt).MissionVersions.TryGetValue(party, out var versions)) continue;
            var now = versions[^1];
            if (!Counts(now.Closed, asOf)) continue;
            if (AtLeast(now.Level, minimum)) { lines.Add($"{rel} {Line(now, asOf)}"); continue; }
            for (var k = versions.Count - 1; k > 0 && versions[k].Since.Last > asOf; k--)
            {
                var before = versions[k - 1];
                if (before.Closed is { } closed)
                {
                    if (closed.On.Last <= asOf) break;
                    before = before with { Closed = null };
                }
                if (!AtLeast(before.Level, minimum)) continue;
                lines.Add($"{rel} {Line(before, "in-force", "possible")} possibly changed to {Line(now, asOf)}");
                break;
            }
        }
        return Sorted(lines);
    }

    /// <summary>
    /// Every relationship with a fact that took effect, certainly or possibly, between two days inclusive: a fact whose
    /// days meet the window, certain when all of them lie inside; mends count by what they make the record say.
    /// </summary>
    public IReadOnlyList<string> Changed(DateOnly from, DateOnly to, DateTimeOffset? knownAt = null) =>
        Relationships.SelectMany(rel => Record(rel, knownAt)
                .Where(f => f.Effective.First <= to && f.Effective.Last >= from)
                .Select(f => $"{rel} {f.Type} {f.Effective} ({f.Id}) {(f.Effective.First >= from && f.Effective.Last <= to ? "certain" : "possible")} recorded {f.RecordedAt.UtcTicks}"))
            .ToList();

    /// <summary>Every day on which something of the relationship starts or stops being possible or certain: each fact's first and last day.</summary>
    public IEnumerable<DateOnly> Edges(string relationship) =>
        Record(relationship, null).SelectMany(f => new[] { f.Effective.First, f.Effective.Last }).Distinct().Order();

    public static IReadOnlyList<string> Sorted(IEnumerable<string> lines) => lines.Order(StringComparer.Ordinal).ToList();
}
