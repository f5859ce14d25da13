using System.Collections;
using RelationsLedger.Domain.Aspects;
using RelationsLedger.Domain.Decisions;
using RelationsLedger.Domain.Events;
using RelationsLedger.Domain.Parties;
using RelationsLedger.Domain.State;
using RelationsLedger.Domain.Time;
using Xunit.Abstractions;

namespace RelationsLedger.Domain.Tests.Decisions;

/// <summary>
/// A fact mended many times — a forged log's 20,000 copies of one retraction, or a fact corrected again and again — is
/// decided and folded in work proportional to its mends: each mend reads the record a bounded number of times, not the
/// whole record and every earlier mend (round 50 of issue #16: <c>verify</c> of such a log took two minutes). Counted in
/// reads of the record's facts, not timed: the same count on any machine.
/// </summary>
public sealed class ManyMendsTests(ITestOutputHelper output)
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

    /// <summary>
    /// The guards a proposed mend passes first (<see cref="MendGuards"/>: a correction restating what its target reads, a
    /// retraction of a field correction a later one carries) look the target's form and its latest field correction up in the
    /// decision's basis: until round 51 each correction of a fact corrected k times read the whole record, and each retraction
    /// read it once for every later correction of the fact. Counted in reads of the record, not timed.
    /// </summary>
    [Theory]
    [InlineData("corrections of its fields")]
    [InlineData("retractions of its field corrections, latest first")]
    public void The_guards_of_each_mend_of_a_much_mended_fact_read_the_record_a_bounded_number_of_times(string kind)
    {
        const int mends = 2_000;
        var record = new CountingRecord();
        var designation = record.Add(PartialDate.Parse("2003-02-14"), Designation);
        var corrections = new List<Guid>();
        if (kind.StartsWith("retractions", StringComparison.Ordinal))
            for (var i = 0; i < mends; i++)
                corrections.Add(record.Add(PartialDate.Parse("2024-01-01"), new EntryCorrected(designation, "reference", null, Designation with { Reference = $"GKPI {i}" })));
        var basis = DecisionBasis.Of(Key, record);
        record.Reads = 0;
        for (var i = 0; i < mends; i++)
        {
            IRelationshipEvent mend = kind.StartsWith("retractions", StringComparison.Ordinal)
                ? new EntryRetracted(corrections[^(i + 1)], "withdrawn")
                : new EntryCorrected(designation, "reference", null, Designation with { Reference = $"R {i}" });
            var fact = record.Next(PartialDate.Parse("2025-01-01"), mend);
            Assert.Null(MendGuards.Check(basis, [], fact));
            Assert.Null(Decide.Check(basis, fact));
            record.Add(fact);
            basis = basis.Extend(record);
        }
        Assert.True(record.Reads <= 4L * mends, $"{record.Reads:N0} reads of the record for {mends:N0} mends");
        // What the guards refuse is still refused: a correction restating the form that stands.
        var restating = record.Next(PartialDate.Parse("2025-01-01"), new EntryCorrected(designation, "reference", null, Timeline.Of(record).FormOf(designation)!.Event));
        Assert.StartsWith($"it changes nothing: event {designation} already reads", MendGuards.Check(basis, [], restating)?.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// A retraction of one of a fact's many corrections is decided and folded in work that does not grow with the corrections
    /// left: until round 51 the fact's form without the withdrawn correction was made by applying every other one again, so
    /// retracting each of k corrections applied k² of them. Counted in bytes allocated on the test's thread (each application
    /// makes a form): retracting twice as many corrections allocates about twice as much, not four times.
    /// </summary>
    [Theory]
    [InlineData("in recording order")]
    [InlineData("latest first")]
    [InlineData("alternately from each end")]
    public void Retracting_each_of_many_corrections_of_one_fact_costs_in_proportion_to_them(string order)
    {
        RetractEachCorrection(200, order); // the code made and its types loaded before anything is counted
        var once = RetractEachCorrection(2_000, order);
        var twice = RetractEachCorrection(4_000, order);
        output.WriteLine($"{order}: {once:N0} bytes to retract 2,000 corrections, {twice:N0} to retract 4,000");
        Assert.True(twice < 3 * once, $"{once:N0} bytes to retract 2,000 corrections, {twice:N0} to retract 4,000");
    }

    /// <summary>Bytes allocated to decide and fold a retraction of each of <paramref name="corrections"/> corrections of one fact.</summary>
    private static long RetractEachCorrection(int corrections, string order)
    {
        var record = new CountingRecord();
        var designation = record.Add(PartialDate.Parse("2003-02-14"), Designation);
        for (var year = 2004; year < 2024; year++) record.Add(PartialDate.Parse($"{year}-03-01"), new AmbassadorAccredited("RU", "taliban", $"P{year}"));
        var ids = new List<Guid>();
        for (var i = 0; i < corrections; i++)
            ids.Add(i % 3 == 0
                ? record.Add(PartialDate.Parse("2024-01-01"), new EntryCorrected(designation, "date", PartialDate.Parse($"2003-02-{15 + i % 10}"), null))
                : record.Add(PartialDate.Parse("2024-01-01"), new EntryCorrected(designation, "reference", null, Designation with { Reference = $"GKPI {i}" })));
        var retracted = order switch
        {
            "latest first" => Enumerable.Reverse(ids).ToList(),
            "alternately from each end" => Enumerable.Range(0, corrections).Select(i => ids[i % 2 == 0 ? i / 2 : corrections - 1 - i / 2]).ToList(),
            _ => ids,
        };
        var basis = DecisionBasis.Of(Key, record);
        var accepted = 0;
        var before = GC.GetAllocatedBytesForCurrentThread();
        foreach (var correction in retracted)
        {
            var fact = record.Next(PartialDate.Parse("2025-01-01"), new EntryRetracted(correction, "forged"));
            if (Decide.Check(basis, fact) is null) accepted++;
            record.Add(fact);
            basis = basis.Extend(record);
        }
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(corrections, accepted);
        var built = DecisionBasis.Of(Key, record);
        Assert.Equal(built.Final, basis.Final);
        Assert.Equal(record[0], Timeline.Of(record).FormOf(designation)); // every correction retracted: the fact as recorded
        return allocated;
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
