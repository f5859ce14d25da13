using System.Collections;
using RelationsLedger.Domain.Aspects;
using RelationsLedger.Domain.Decisions;
using RelationsLedger.Domain.Events;
using RelationsLedger.Domain.Parties;
using RelationsLedger.Domain.State;
using RelationsLedger.Domain.Time;

namespace RelationsLedger.Domain.Tests.Decisions;

/// <summary>
/// A fact mended many times — a forged log's 20,000 copies of one retraction, or a fact corrected again and again — is
/// decided and folded in work proportional to its mends: each mend reads the record a bounded number of times, not the
/// whole record and every earlier mend (round 50 of issue #16: <c>verify</c> of such a log took two minutes). Counted in
/// reads of the record's facts, not timed: the same count on any machine.
/// </summary>
public sealed class ManyMendsTests
{
    private const int Mends = 20_000;
    private static readonly RelationshipKey Key = RelationshipKey.Of("RU", "taliban");
    private static readonly DesignationImposed Designation = new("RU", "taliban", "Federal list", "Supreme Court", null);

    public static TheoryData<string> Kinds =>
        ["retractions of one fact", "corrections of one fact's date", "retractions of one correction", "corrections after a retraction of an id never recorded"];

    [Theory, MemberData(nameof(Kinds))]
    public void Each_mend_of_a_much_mended_fact_is_decided_and_folded_reading_the_record_a_bounded_number_of_times(string kind)
    {
        var record = new CountingRecord();
        var designation = record.Add(PartialDate.Parse("2003-02-14"), Designation);
        for (var year = 2004; year < 2024; year++) record.Add(PartialDate.Parse($"{year}-03-01"), new AmbassadorAccredited("RU", "taliban", $"P{year}"));
        var correction = record.Add(PartialDate.Parse("2024-01-01"), new EntryCorrected(designation, "reference", null, Designation with { Reference = "GKPI 03-116" }));
        // What only a crafted log holds: until round 50 it had the basis built again whole for every later mend.
        if (kind.StartsWith("corrections after", StringComparison.Ordinal)) record.Add(PartialDate.Parse("2024-06-01"), new EntryRetracted(Guid.NewGuid(), "forged"));
        var basis = DecisionBasis.Of(Key, record);
        var accepted = 0;
        record.Reads = 0;
        for (var i = 0; i < Mends; i++)
        {
            IRelationshipEvent mend = kind switch
            {
                "retractions of one fact" => new EntryRetracted(designation, "forged"),
                "retractions of one correction" => new EntryRetracted(correction, "forged"),
                _ => new EntryCorrected(designation, "date", PartialDate.Parse(i % 2 == 0 ? "2003-02-15" : "2003-02-14"), null),
            };
            var fact = record.Next(PartialDate.Parse("2025-01-01"), mend);
            if (Decide.Check(basis, fact) is null) accepted++;
            record.Add(fact); // accepted or not, as a log holds it
            basis = basis.Extend(record);
        }
        Assert.Equal(kind.StartsWith("corrections", StringComparison.Ordinal) ? Mends : 1, accepted);
        Assert.True(record.Reads <= 4L * Mends, $"{record.Reads:N0} reads of the record for {Mends:N0} mends");
        // The basis folded fact by fact is the one built from the whole record.
        var built = DecisionBasis.Of(Key, record);
        Assert.Equal(built.Final, basis.Final);
        Assert.True(built.Contradicting.SetEquals(basis.Contradicting));
    }

    [Fact]
    public void A_run_of_mends_decided_together_reads_the_run_a_bounded_number_of_times()
    {
        // verify decides the events of a refused run (one correlation id) together: a forged way of copies is one such run.
        var record = new CountingRecord();
        var designation = record.Add(PartialDate.Parse("2003-02-14"), Designation);
        record.Add(PartialDate.Parse("2025-01-01"), new EntryRetracted(designation, "never designated"));
        var run = new CountingRecord(record.Count);
        for (var i = 0; i < Mends; i++) run.Add(PartialDate.Parse("2025-01-01"), new EntryRetracted(designation, "forged"));

        var refusals = DecideTogether.Check(Key, record, run);
        Assert.Equal(Mends, refusals.Count);
        Assert.All(refusals, r => Assert.StartsWith($"event {designation} was already retracted", r.Conflict.Message, StringComparison.Ordinal));
        Assert.True(run.Reads <= 8L * Mends, $"{run.Reads:N0} reads of the run of {Mends:N0} mends");
    }

    /// <summary>A record that counts every read of a fact, by index or by enumeration.</summary>
    private sealed class CountingRecord(int firstRevision = 0) : IReadOnlyList<Fact>
    {
        private readonly List<Fact> _facts = [];

        public long Reads { get; set; }

        public int Count => _facts.Count;

        public Fact this[int index]
        {
            get
            {
                Reads++;
                return _facts[index];
            }
        }

        public Fact Next(PartialDate date, IRelationshipEvent e) =>
            new(Guid.NewGuid(), date, Record.RecordedAt(firstRevision + _facts.Count), firstRevision + _facts.Count, e);

        public Guid Add(PartialDate date, IRelationshipEvent e) => Add(Next(date, e));

        public Guid Add(Fact fact)
        {
            _facts.Add(fact);
            return fact.EventId;
        }

        public IEnumerator<Fact> GetEnumerator()
        {
            foreach (var fact in _facts)
            {
                Reads++;
                yield return fact;
            }
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
