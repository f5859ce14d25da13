using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using FluentValidation;
using RelationsLedger.Application.Commands.Batch;
using RelationsLedger.Application.Commands.Mends;
using RelationsLedger.Application.Commands.Recording;
using RelationsLedger.Application.Serialization;
using RelationsLedger.Application.Storage;
using RelationsLedger.Domain.Aspects;
using RelationsLedger.Domain.Decisions;
using RelationsLedger.Domain.Events;
using RelationsLedger.Domain.Parties;
using RelationsLedger.Domain.Provenance;
using RelationsLedger.Domain.State;
using RelationsLedger.Domain.Time;

namespace RelationsLedger.Testing;

/// <summary>
/// Random histories for property tests, seeded and reproducible, over a few parties whose relationships share parties
/// (so the questions across relationships and by party have several to read), with small value domains so that items
/// collide, end and restart, and partial dates of every precision (their first and last days, and the days either side,
/// are collected in <see cref="InterestingDays"/>: the asked day straddled by a month or a year).
/// <para>Two ways to make one:</para>
/// <list type="bullet">
/// <item><see cref="Raw"/>: events of every kind appended through the repository without decisions — corrections (new date,
/// new fields, both), retractions (also of corrections), back-filled out of date order. The fold is total, so the read model
/// must equal it on any record, including contradictory imports.</item>
/// <item><see cref="Commands"/>: what a user can record, through the application as the CLI and the API send it — every
/// command of the catalogue; follow-ups of recorded facts (the same listing removed, suspended, reinstated; the same
/// mission raised, closed; the same project launched, cancelled; the same ambassador recalled, expelled; forward or
/// back-filled before later facts), most of them steered to one the record accepts so that every type is recorded
/// (<c>RandomHistoriesAgainstDefinitionsProperty</c> asserts it over its seeds); corrections by the command (a new date, changed
/// fields, both; second and third corrections of one fact), retractions of facts and of corrections, corrections then
/// retractions; batches of several commands decided together with one correlation id (the batch's, one it is given, or
/// an item's own), across relationships, with on/off pairs back-filled into a history; single commands with a correlation
/// id a client chose (new, or one recorded events share); retries of a recorded command or batch with its ids. Refused commands are part of the story (a user meets them) and are logged; only accepted ones are
/// recorded, so every event of such a history is one the ledger decided, and <c>verify</c> must accept it.</item>
/// </list>
/// Recorded times come from the <see cref="ManualClock"/>, which moves 0, 1 or 2 seconds after each step: some events
/// (a fact and its mend, a batch's events) are recorded at the same moment. <see cref="Log"/> says what each step sent and
/// what came of it; <see cref="Steps"/> holds the accepted requests with their moments, to be recorded again
/// (<see cref="ReplayAsync"/>) when a failing history is made smaller.
/// </summary>
public sealed class RandomHistory
{
    /// <summary>The parties of a history on a store of its own.</summary>
    public static readonly string[] DefaultParties = ["AA", "BB", "cc"];
    private static readonly Provenance Provenance = new("property-test", [new Source("Test", "Random history", null, null, null)], Guid.NewGuid(), Guid.NewGuid());
    private static readonly SourceInput[] CommandSources = [new("Test", "Random history", "https://example.org/random", null, "2005")];

    private readonly Random _rng;
    private readonly TestLedger _ledger;
    private readonly bool _throughCommands;
    private readonly Dictionary<RelationshipKey, List<(Guid Id, IRelationshipEvent Event)>> _recorded = [];

    private readonly Guid _idSalt;

    /// <summary>How many events of each type the commands recorded (a follow-up reaches for the rarer).</summary>
    private readonly Dictionary<Type, int> _recordedOfType = [];

    private RandomHistory(Random rng, TestLedger ledger, bool throughCommands, string[]? parties, Guid idSalt = default) =>
        (_rng, _ledger, _throughCommands, Parties, _idSalt) = (rng, ledger, throughCommands, parties ?? DefaultParties, idSalt);

    /// <summary>Events appended without decisions (contradictory records included).</summary>
    public RandomHistory(Random rng, TestLedger ledger) : this(rng, ledger, false, null) { }

    public static RandomHistory Raw(Random rng, TestLedger ledger) => new(rng, ledger, false, null);

    /// <summary>Commands and batches sent through the application, as a user records them.</summary>
    /// <param name="parties">Three parties of its own, for a history on a store shared with others (a KurrentDB server).</param>
    /// <param name="idSalt">Mixed into every id the seed gives, so that the seed's history can be recorded again on a server
    /// that keeps the ids of an earlier run (KurrentDB reserves each event id for one stream).</param>
    public static RandomHistory Commands(Random rng, TestLedger ledger, string[]? parties = null, Guid idSalt = default) => new(rng, ledger, true, parties, idSalt);

    /// <summary>Three parties no other run uses (a state's two letters would be shared), in the order of the default ones; with <paramref name="longIds"/>, as long as a party id may be.</summary>
    public static string[] PartiesOfRun(Guid run, bool longIds)
    {
        var tag = "k" + run.ToString("N")[..8];
        return [.. DefaultParties.Select(p => p.ToLowerInvariant()).Select(p => longIds ? $"{tag}-{p}".PadRight(PartyId.MaxLength, p[0]) : $"{tag}-{p}")];
    }

    /// <summary>The parties whose relationships the history records.</summary>
    public string[] Parties { get; }

    public IEnumerable<RelationshipKey> Relationships => _recorded.Keys.OrderBy(k => k.ToString(), StringComparer.Ordinal);

    public List<DateOnly> InterestingDays { get; } = [];

    /// <summary>What each step sent and what came of it, in order.</summary>
    public List<string> Log { get; } = [];

    /// <summary>The requests the ledger accepted (a command or a batch), each with the moment it was recorded at.</summary>
    public List<(DateTimeOffset At, object Request)> Steps { get; } = [];

    /// <summary>How many events the history recorded.</summary>
    public int Events { get; private set; }

    public (int Accepted, int Refused) Outcomes { get; private set; }

    /// <summary>One step: an event appended (raw), or a command or a batch sent (commands).</summary>
    public async Task AppendOneAsync()
    {
        if (_throughCommands) await SendOneAsync();
        else await AppendRawAsync();
        _ledger.Clock.Advance(TimeSpan.FromTicks(_rng.Next(3) * TimeSpan.TicksPerSecond)); // 0: the next event ties
    }

    // ---- raw: appended without decisions ----

    private async Task AppendRawAsync()
    {
        var a = Parties[_rng.Next(Parties.Length)];
        var b = Parties.Where(p => p != a).ElementAt(_rng.Next(Parties.Length - 1));
        var key = RelationshipKey.Of(a, b);
        var mine = _recorded.TryGetValue(key, out var list) ? list : _recorded[key] = [];
        IRelationshipEvent e;
        if (mine.Count > 0 && _rng.NextDouble() < 0.18)
        {
            var target = mine[_rng.Next(mine.Count)];
            e = target.Event switch
            {
                EntryRetracted => RandomEvents.Next(_rng, a, b),
                EntryCorrected => new EntryRetracted(target.Id, "withdrawn correction"),
                _ when _rng.NextDouble() < 0.35 => new EntryRetracted(target.Id, "never happened"),
                var original => new EntryCorrected(target.Id, "corrected",
                    _rng.NextDouble() < 0.7 ? Noted(Date()) : null,
                    _rng.NextDouble() < 0.5 ? SameType(original, a, b) : null),
            };
            if (e is EntryCorrected { EffectiveDate: null, Replacement: null }) e = new EntryCorrected(target.Id, "corrected", Noted(Date()), null);
        }
        else e = RandomEvents.Next(_rng, a, b);

        var id = NewId();
        var date = Noted(Date());
        var history = await _ledger.Repository.LoadAsync(key);
        await _ledger.Repository.AppendAsync(history, id, e, date, Provenance);
        mine.Add((id, e));
        Events++;
        Log.Add($"{Log.Count}: appended {EventCatalogue.NameOf(e)} {id} in {key} effective {date} at {_ledger.Clock.Now:O}: {Encoding.UTF8.GetString(EventJson.SerializeData(e))}");
    }

    private IRelationshipEvent SameType(IRelationshipEvent original, string a, string b)
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var candidate = RandomEvents.Next(_rng, a, b);
            if (candidate.GetType() == original.GetType() && candidate.RelationshipOf() == original.RelationshipOf()) return candidate;
        }
        return original;
    }

    // ---- commands: what a user can record ----

    private async Task SendOneAsync()
    {
        var roll = _rng.NextDouble();
        if (roll < 0.04 && Steps.Count > 0)
        {
            // A retry of a recorded command or batch, as it was sent (same ids): recorded once.
            var (_, again) = Steps[_rng.Next(Steps.Count)];
            var already = again switch
            {
                RecordBatch batch => (await _ledger.Send(batch)).Items.All(i => i.AlreadyRecorded),
                RecordCommand command => (await _ledger.Send(command)).AlreadyRecorded,
                _ => false,
            };
            if (!already) throw new InvalidOperationException($"A retry recorded again: {Describe(again)}");
            Log.Add($"{Log.Count}: retried → already recorded: {Describe(again)}");
            return;
        }

        var (a, b) = Pair();
        var key = RelationshipKey.Of(a, b);
        var history = await _ledger.Repository.LoadAsync(key);
        object request;
        if (roll < 0.22)
        {
            var items = new List<RecordCommand>();
            if (_rng.NextDouble() < 0.45 && OnOffPair(history) is { } pair) items.AddRange(pair);
            var more = _rng.Next(items.Count == 0 ? 2 : 0, 3);
            for (var i = 0; i < more; i++)
            {
                var (x, y) = Pair();
                var on = _rng.NextDouble() < 0.3 ? await _ledger.Repository.LoadAsync(RelationshipKey.Of(x, y)) : history;
                items.Add(_rng.NextDouble() < 0.5 ? Fact(RandomEvents.Next(_rng, on.Key.First.Value, on.Key.Second.Value, canonical: true), Date(), on.Key) : Command(on));
            }
            Shuffle(items, keepingOrderOf: 2);
            if (_rng.NextDouble() < 0.1)
            {
                var own = _rng.Next(items.Count); // an item with a correlation id of its own
                items[own] = items[own] with { CorrelationId = NewId() };
            }
            request = new RecordBatch([.. items.Select((c, i) => new BatchItem($"commands[{i}]", c))], _rng.NextDouble() < 0.3 ? NewId() : null);
        }
        else
        {
            var command = Command(history);
            // Sometimes a command a client gives a correlation id: a new one, or one that recorded events share already.
            if (_rng.NextDouble() < 0.06)
            {
                var correlations = (await OwnEventsAsync()).Select(e => LedgerEvent.Decode(e).Envelope.CorrelationId).Distinct().ToList();
                command = command with { CorrelationId = correlations.Count > 0 && _rng.Next(2) == 0 ? correlations[_rng.Next(correlations.Count)] : NewId() };
            }
            request = command;
        }

        var at = _ledger.Clock.Now;
        try
        {
            switch (request)
            {
                case RecordBatch batch:
                    var done = await _ledger.Send(batch);
                    foreach (var (item, result) in batch.Items.Zip(done.Items)) Accepted(item.Command, result.EventId);
                    Log.Add($"{Log.Count}: batch (correlation {done.CorrelationId}) recorded at {at:O}:\n{string.Join("\n", batch.Items.Select(i => "    " + Describe(i.Command)))}");
                    break;
                case RecordCommand command:
                    Accepted(command, (await _ledger.Send(command)).EventId);
                    Log.Add($"{Log.Count}: recorded at {at:O}: {Describe(command)}");
                    break;
            }
            Steps.Add((at, request));
            Outcomes = Outcomes with { Accepted = Outcomes.Accepted + 1 };
        }
        catch (Exception e) when (e is CommandRefusedException or BatchRefusedException or ValidationException)
        {
            Outcomes = Outcomes with { Refused = Outcomes.Refused + 1 };
            var what = request is RecordBatch rb ? "batch:\n" + string.Join("\n", rb.Items.Select(i => "    " + Describe(i.Command))) : Describe((RecordCommand)request);
            Log.Add($"{Log.Count}: refused ({e.GetType().Name}: {e.Message}) {what}");
        }
    }

    /// <summary>The events of the history's relationships in the store's global order (a shared store holds others too).</summary>
    private async Task<List<RecordedEvent>> OwnEventsAsync()
    {
        var events = new List<RecordedEvent>();
        foreach (var key in _recorded.Keys)
            await foreach (var e in _ledger.Store.ReadStreamAsync(key.StreamName, ReadDirection.Forwards, null, int.MaxValue)) events.Add(e);
        return [.. events.OrderBy(e => e.Position)];
    }

    private void Accepted(RecordCommand command, Guid eventId)
    {
        var key = RelationshipKey.Of(command.Parties().A, command.Parties().B);
        if (!_recorded.TryGetValue(key, out var mine)) _recorded[key] = mine = [];
        mine.Add((eventId, null!));
        var type = CommandCatalogue.ForCommand(command.GetType()).EventType;
        _recordedOfType[type] = _recordedOfType.GetValueOrDefault(type) + 1;
        Events++;
    }

    /// <summary>Records <paramref name="steps"/> again on <paramref name="ledger"/>, each at its moment; a step now refused (the history is smaller) is left out.</summary>
    public static async Task ReplayAsync(TestLedger ledger, IEnumerable<(DateTimeOffset At, object Request)> steps)
    {
        foreach (var (at, request) in steps)
        {
            ledger.Clock.Now = at;
            try
            {
                switch (request)
                {
                    case RecordBatch batch: await ledger.Send(batch); break;
                    case RecordCommand command: await ledger.Send(command); break;
                }
            }
            catch (Exception e) when (e is CommandRefusedException or BatchRefusedException or ValidationException) { }
        }
    }

    private (string A, string B) Pair()
    {
        var a = Parties[_rng.Next(Parties.Length)];
        return (a, Parties.Where(p => p != a).ElementAt(_rng.Next(Parties.Length - 1)));
    }

    /// <summary>One command on the relationship of <paramref name="history"/>: a new fact, a follow-up of a recorded one, or a mend.</summary>
    private RecordCommand Command(RelationshipHistory history)
    {
        var key = history.Key;
        var timeline = Timeline.Of(history.Facts);
        var facts = history.Facts;
        var forms = timeline.Forms.ToList();
        var roll = _rng.NextDouble();
        if (facts.Count > 0 && roll < 0.25)
        {
            // A standing correction retracted: the event reads as without it (refused while a later correction carries its fields).
            var corrections = forms.Count > 0 && _rng.NextDouble() < 0.15 ? facts.Where(f => f.Event is EntryCorrected && timeline.RetractionOf(f.EventId) is null).ToList() : [];
            if (corrections.Count > 0)
                return Dated(new RetractEntry(key.First.Value, key.Second.Value, corrections[_rng.Next(corrections.Count)].EventId.ToString(), "correction withdrawn"), MendDate());
            // Mostly a fact; sometimes one corrected already (a second correction keeps the first's fields), a mend or a retracted
            // fact (refused: a user meets that too).
            var corrected = _rng.NextDouble() < 0.2 ? facts.Where(f => f.Event is EntryCorrected).Select(f => ((EntryCorrected)f.Event).Target).Distinct().ToList() : [];
            var targets = corrected.Count > 0 ? [.. facts.Where(f => corrected.Contains(f.EventId))]
                : _rng.NextDouble() < 0.9 && forms.Count > 0 ? forms.Select(f => facts.Single(r => r.EventId == f.EventId)).ToList() : [.. facts];
            var target = targets[_rng.Next(targets.Count)];
            if (target.Event is IMendEvent || _rng.NextDouble() < 0.35)
                return Dated(new RetractEntry(key.First.Value, key.Second.Value, target.EventId.ToString(), "withdrawn"), MendDate());
            var current = timeline.FormOf(target.EventId) ?? target;
            var changes = _rng.NextDouble() < 0.55 ? Changes(current.Event, key) : null;
            var date = changes is null || _rng.NextDouble() < 0.4 ? Noted(DateNear(current.EffectiveDate)).ToString() : null;
            return Dated(new CorrectEntry(key.First.Value, key.Second.Value, target.EventId.ToString(), "corrected", date, changes), MendDate());
        }
        if (forms.Count > 0 && roll < 0.72)
        {
            // A follow-up of a recorded fact: an event of its aspect on its item (a launch of a proposed project, a reinstatement
            // of a suspended listing, an expulsion of an accredited ambassador, or the same type again), near its date.
            // The aspect first (pledges, engagements and statements, never refused, would otherwise crowd the others out), then
            // its other types before the fact's own (an item moves on more often than it starts again), the ones this history
            // has recorded least first: a reinstatement needs a suspension, which needs a listing. Each is tried again copying
            // fewer fields: a level change must change the level it copied.
            var aspects = forms.Select(f => AspectOf(f.Event)).Distinct().ToList();
            var aspect = aspects[_rng.Next(aspects.Count)];
            var ofAspect = forms.Where(f => AspectOf(f.Event) == aspect).ToList();
            var fact = ofAspect[_rng.Next(ofAspect.Count)];
            var others = aspect.Transitions.Select(t => t.EventType).Where(t => t != fact.Event.GetType()).Select(t => (Type: t, Tie: _rng.Next())).ToList();
            Type[] types = [.. others.OrderBy(o => _recordedOfType.GetValueOrDefault(o.Type)).ThenBy(o => o.Tie).Select(o => o.Type), fact.Event.GetType()];
            return Steered(history, types.SelectMany(type => CopyingRounds.Select(copying => (FollowUp(fact.Event, type, key, copying), DateNear(fact.EffectiveDate)))));
        }
        return Steered(history, Enumerable.Range(0, 4).Select(_ => (RandomEvents.Next(_rng, key.First.Value, key.Second.Value, canonical: true), Date())));
    }

    /// <summary>
    /// A fact of the first candidate (drawn lazily, in order) that the relationship's record accepts, as the domain decides it
    /// before the command is sent; in a share of commands, or when no candidate is accepted, the first candidate as drawn. Drawn
    /// blind, about half the commands were refused (an ending or a change of an item that is not there: a launch of no
    /// proposal, a reinstatement of a listing in force), and launches, cancellations, expulsions, reinstatements and level
    /// changes were recorded in under 1 % of the events or not at all (docs/performance.md, round 59). Steering asks the
    /// product's decision only to choose what to send: the ledger decides again, and a decision that wrongly refuses a type
    /// leaves that type unrecorded, which the coverage test over the property's seeds catches.
    /// </summary>
    private RecordCommand Steered(RelationshipHistory history, IEnumerable<(IRelationshipEvent Event, PartialDate Date)> candidates)
    {
        (IRelationshipEvent Event, PartialDate Date)? first = null;
        var steer = _rng.NextDouble() < SteeredShare;
        var revision = history.Count == 0 ? 0 : (long)history.Events[^1].Recorded.Revision + 1;
        foreach (var candidate in candidates)
        {
            first ??= candidate;
            if (!steer) break;
            if (Decide.Check(history.Basis, new Fact(ProbeId, candidate.Date, _ledger.Clock.Now, revision, candidate.Event)) is null)
                return Fact(candidate.Event, candidate.Date, history.Key);
        }
        return Fact(first!.Value.Event, first.Value.Date, history.Key);
    }

    /// <summary>A follow-up's chance of copying each field not a party: mostly, then half (to change a level, a field no rule matches on).</summary>
    private static readonly double[] CopyingRounds = [0.85, 0.5];

    /// <summary>The share of fact commands steered to one the record accepts; the others are sent as drawn (refusals are part of the story).</summary>
    private const double SteeredShare = 0.75;

    /// <summary>The event id a candidate is decided under before it is sent (the command then records it under its own).</summary>
    private static readonly Guid ProbeId = new("00000000-0000-4000-8000-0000000000fe");

    /// <summary>An on/off pair back-filled after a recorded fact: another event of its aspect, then one of the fact's type, both on its item.</summary>
    private List<RecordCommand>? OnOffPair(RelationshipHistory history)
    {
        var forms = Timeline.Of(history.Facts).Forms.ToList();
        if (forms.Count == 0) return null;
        var fact = forms[_rng.Next(forms.Count)];
        var transitions = AspectOf(fact.Event).Transitions;
        var others = transitions.Select(t => t.EventType).Where(t => t != fact.Event.GetType()).ToList();
        if (others.Count == 0) return null;
        var off = DateNear(fact.EffectiveDate);
        var on = DateNear(off);
        if (on.Start <= off.End) on = PartialDate.OfDay(off.End.AddDays(1 + _rng.Next(60)));
        return
        [
            Fact(FollowUp(fact.Event, others[_rng.Next(others.Count)], history.Key), off, history.Key),
            Fact(FollowUp(fact.Event, fact.Event.GetType(), history.Key), on, history.Key),
        ];
    }

    private static Aspect AspectOf(IRelationshipEvent e) => RelationshipModel.Aspects.Single(a => a.Transitions.Any(t => t.EventType == e.GetType()));

    /// <summary>The command that records <paramref name="e"/> at <paramref name="date"/>; the date's edges become interesting days.</summary>
    private RecordCommand Fact(IRelationshipEvent e, PartialDate date, RelationshipKey key) =>
        CommandCatalogue.FromEvent(e, key) with { CommandId = NewId(), EffectiveDate = Noted(date).ToString(), RecordedBy = "property-test", Sources = CommandSources };

    private T Dated<T>(T mend, string date) where T : RecordCommand =>
        mend with { CommandId = NewId(), EffectiveDate = date, RecordedBy = "property-test", Sources = CommandSources };

    /// <summary>A mend's own date: mostly none (the day it is recorded), sometimes one given.</summary>
    private string MendDate() => _rng.NextDouble() < 0.7 ? "" : Noted(Date()).ToString();

    /// <summary>
    /// An event of <paramref name="type"/> about the same item as <paramref name="recorded"/>: a random event of the type
    /// with the recorded one's fields where it has them (always its parties, in its direction; the others mostly, sometimes
    /// in another case: a programme, a list or a title is matched without regard to case, a person as written — events.md).
    /// </summary>
    /// <param name="copying">The chance each field not a party is copied.</param>
    private IRelationshipEvent FollowUp(IRelationshipEvent recorded, Type type, RelationshipKey key, double copying = 0.85)
    {
        var fresh = RandomEvents.Of(type, _rng, key.First.Value, key.Second.Value, canonical: true);
        var data = JsonNode.Parse(EventJson.SerializeData(fresh))!.AsObject();
        var old = JsonNode.Parse(EventJson.SerializeData(recorded))!.AsObject();
        foreach (var (field, _) in data.ToList())
            if (old[field] is { } value && IsParty(value, key)) data[field] = value.DeepClone();
            else if (old[field] is { } copied && _rng.NextDouble() < copying) data[field] = _rng.NextDouble() < 0.1 && TextFields(type).Contains(field) ? OtherCase(copied.GetValue<string>()) : copied.DeepClone();
            else if (old.ContainsKey(field) && old[field] is null && _rng.NextDouble() < copying) data[field] = null;
        var name = EventCatalogue.NameOf(fresh);
        return EventJson.DeserializeData(name, 1, Encoding.UTF8.GetBytes(data.ToJsonString()));
    }

    /// <summary>The JSON names of an event type's free-text fields (not its enums: a level or a form has one spelling).</summary>
    private static HashSet<string> TextFields(Type type) => TextFieldsOf.GetOrAdd(type, t => [.. t.GetConstructors().OrderByDescending(c => c.GetParameters().Length).First()
        .GetParameters().Where(p => p.ParameterType == typeof(string)).Select(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name!))]);

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Type, HashSet<string>> TextFieldsOf = new();

    private static string OtherCase(string text) => text.Any(char.IsLower) ? text.ToUpperInvariant() : text.ToLowerInvariant();

    private static bool IsParty(JsonNode value, RelationshipKey key) =>
        value.GetValueKind() == JsonValueKind.String && value.GetValue<string>() is var s && (s == key.First.Value || s == key.Second.Value);

    /// <summary>Changed fields for a correction: one or two fields given a value an event of the type could have; sometimes the direction reversed.</summary>
    private Dictionary<string, string?> Changes(IRelationshipEvent current, RelationshipKey key)
    {
        var data = JsonNode.Parse(EventJson.SerializeData(current))!.AsObject();
        var fresh = JsonNode.Parse(EventJson.SerializeData(RandomEvents.Of(current.GetType(), _rng, key.First.Value, key.Second.Value, canonical: true)))!.AsObject();
        var parties = data.Where(p => p.Value is { } v && IsParty(v, key)).Select(p => p.Key).ToList();
        var changes = new Dictionary<string, string?>();
        if (parties.Count == 2 && _rng.NextDouble() < 0.15)
        {
            changes[parties[0]] = data[parties[1]]!.GetValue<string>();
            changes[parties[1]] = data[parties[0]]!.GetValue<string>();
            return changes;
        }
        var others = data.Select(p => p.Key).Where(f => !parties.Contains(f)).ToList();
        if (others.Count == 0) return changes.Count > 0 ? changes : new() { [parties[0]] = data[parties[0]]!.GetValue<string>() };
        for (var i = 1 + _rng.Next(2); i > 0; i--)
        {
            var field = others[_rng.Next(others.Count)];
            changes[field] = fresh[field] switch
            {
                null => null,
                var v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
                var v => v.ToJsonString(),
            };
        }
        return changes;
    }

    private void Shuffle(List<RecordCommand> items, int keepingOrderOf)
    {
        // The first items (an on/off pair) keep their order among themselves; the others go anywhere.
        var fixedOnes = items.Take(Math.Min(keepingOrderOf, items.Count)).ToList();
        var rest = items.Skip(fixedOnes.Count).ToList();
        items.Clear();
        items.AddRange(fixedOnes);
        foreach (var r in rest) items.Insert(_rng.Next(items.Count + 1), r);
    }

    private static string Describe(RecordCommand c) =>
        $"{CommandCatalogue.ForCommand(c.GetType()).Name} {JsonSerializer.Serialize(c, c.GetType(), LedgerJson.Commands)}";

    /// <summary>A step as text: a command as its name and JSON, a batch as its correlation id and items.</summary>
    public static string Describe(object request) => request switch
    {
        RecordBatch batch => $"record-batch (correlation {batch.CorrelationId?.ToString() ?? "its first command's id"}):" +
            string.Concat(batch.Items.Select(i => "\n      " + Describe(i.Command))),
        RecordCommand command => Describe(command),
        _ => request.ToString() ?? "",
    };

    // ---- dates and ids ----

    private PartialDate Date()
    {
        var year = 2000 + _rng.Next(6);
        return _rng.Next(3) switch
        {
            0 => PartialDate.OfYear(year),
            1 => PartialDate.OfMonth(year, 1 + _rng.Next(12)),
            _ => PartialDate.OfDay(new DateOnly(year, 1, 1).AddDays(_rng.Next(365))),
        };
    }

    /// <summary>A date near another: mostly after it (a later change), sometimes before it (back-filled), at any precision, sometimes the very same.</summary>
    private PartialDate DateNear(PartialDate near)
    {
        if (_rng.NextDouble() < 0.1) return near;
        var day = near.Start.AddDays(_rng.Next(-200, 800));
        return _rng.Next(3) switch
        {
            0 => PartialDate.OfYear(day.Year),
            1 => PartialDate.OfMonth(day.Year, day.Month),
            _ => PartialDate.OfDay(day),
        };
    }

    private PartialDate Noted(PartialDate date)
    {
        InterestingDays.AddRange([date.Start.AddDays(-1), date.Start, date.Start.AddDays(1), date.End.AddDays(-1), date.End, date.End.AddDays(1)]);
        return date;
    }

    /// <summary>An id from the seed, so that a history is the same every time its seed is run.</summary>
    private Guid NewId()
    {
        Span<byte> bytes = stackalloc byte[16];
        _rng.NextBytes(bytes);
        Span<byte> salt = stackalloc byte[16];
        _idSalt.TryWriteBytes(salt);
        for (var i = 0; i < 16; i++) bytes[i] ^= salt[i];
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40); // version 4
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // RFC 4122 variant
        return new Guid(bytes);
    }
}
