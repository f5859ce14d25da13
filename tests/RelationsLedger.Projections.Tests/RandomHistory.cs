using RelationsLedger.Application.Storage;
using RelationsLedger.Domain.Aspects;
using RelationsLedger.Domain.Events;
using RelationsLedger.Domain.Parties;
using RelationsLedger.Domain.Provenance;
using RelationsLedger.Domain.Time;

namespace RelationsLedger.Projections.Tests;

/// <summary>
/// Random histories for property tests: events of every kind over a few parties with small value
/// domains (so that items collide, end and restart), partial dates of every precision, corrections
/// (new date, new fields, both), retractions (also of corrections), back-filled out of date order,
/// and recorded times that sometimes tie. Appended through the repository without decisions: the
/// fold is total, so the read model must equal it on any record, including contradictory imports.
/// </summary>
public sealed class RandomHistory(Random rng, TestLedger ledger)
{
    public static readonly string[] Parties = ["AA", "BB", "cc"];
    private static readonly Provenance Provenance = new("property-test", [new Source("Test", "Random history", null, null, null)], Guid.NewGuid(), Guid.NewGuid());
    private readonly Dictionary<RelationshipKey, List<(Guid Id, IRelationshipEvent Event)>> _recorded = [];

    public IEnumerable<RelationshipKey> Relationships => _recorded.Keys.OrderBy(k => k.ToString(), StringComparer.Ordinal);

    public List<DateOnly> InterestingDays { get; } = [];

    public async Task AppendOneAsync()
    {
        var a = Parties[rng.Next(Parties.Length)];
        var b = Parties.Where(p => p != a).ElementAt(rng.Next(Parties.Length - 1));
        var key = RelationshipKey.Of(a, b);
        var mine = _recorded.TryGetValue(key, out var list) ? list : _recorded[key] = [];
        IRelationshipEvent e;
        if (mine.Count > 0 && rng.NextDouble() < 0.18)
        {
            var target = mine[rng.Next(mine.Count)];
            e = target.Event switch
            {
                EntryRetracted => Event(a, b),
                EntryCorrected => new EntryRetracted(target.Id, "withdrawn correction"),
                _ when rng.NextDouble() < 0.35 => new EntryRetracted(target.Id, "never happened"),
                var original => new EntryCorrected(target.Id, "corrected",
                    rng.NextDouble() < 0.7 ? Date() : null,
                    rng.NextDouble() < 0.5 ? SameType(original, a, b) : null),
            };
            if (e is EntryCorrected { EffectiveDate: null, Replacement: null }) e = new EntryCorrected(target.Id, "corrected", Date(), null);
        }
        else e = Event(a, b);

        var id = Guid.NewGuid();
        var date = Date();
        var history = await ledger.Repository.LoadAsync(key);
        await ledger.Repository.AppendAsync(history, id, e, date, Provenance);
        mine.Add((id, e));
        ledger.Clock.Advance(TimeSpan.FromTicks(rng.Next(3) * TimeSpan.TicksPerSecond)); // 0: the next event ties
    }

    private PartialDate Date()
    {
        var year = 2000 + rng.Next(6);
        var date = rng.Next(3) switch
        {
            0 => PartialDate.OfYear(year),
            1 => PartialDate.OfMonth(year, 1 + rng.Next(12)),
            _ => PartialDate.OfDay(new DateOnly(year, 1, 1).AddDays(rng.Next(365))),
        };
        InterestingDays.AddRange([date.Start.AddDays(-1), date.Start, date.Start.AddDays(1), date.End.AddDays(-1), date.End, date.End.AddDays(1)]);
        return date;
    }

    private IRelationshipEvent SameType(IRelationshipEvent original, string a, string b)
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var candidate = Event(a, b);
            if (candidate.GetType() == original.GetType() && candidate.RelationshipOf() == original.RelationshipOf()) return candidate;
        }
        return original;
    }

    /// <summary>Any event of the catalogue (<see cref="RandomEvents"/>): a new event type is in every history without editing this.</summary>
    private IRelationshipEvent Event(string a, string b) => RandomEvents.Next(rng, a, b);
}
