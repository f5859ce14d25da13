using RelationsLedger.Application.Audit.Rules;
using RelationsLedger.Application.Storage;
using RelationsLedger.Domain.Events;

namespace RelationsLedger.Application.Audit.Chain;

/// <summary>
/// What <c>verify</c> (of a store or of an export file) and <c>digest</c> make of a log, event by event: each event's
/// chain link, and the ledger's rules applied to it again (<see cref="RulesOfRecord"/>, checked while the log is read). One place, so the three name
/// the same events. Memory follows the streams, not the events: each stream's head is kept (<see cref="ChainLinks"/>),
/// the links themselves go to a temporary file (<see cref="Links"/>) and are read back where a stream's chain is broken.
/// </summary>
public sealed class AuditedLog : IDisposable
{
    private readonly RulesOfRecord _rules;
    private readonly ChainLinks _tracks = new();
    private readonly LinkSpill _spill = new();

    public AuditedLog(EventCommands commands) => _rules = new(commands);

    /// <param name="idsPerRun">How many event ids the rules hold in memory before they go to a run on disk (<see cref="IdsSeen"/>).</param>
    internal AuditedLog(EventCommands commands, int idsPerRun) => _rules = new(commands, idsPerRun);

    /// <summary>Every link added, in the order added, read back from the temporary file at each enumeration.</summary>
    public IEnumerable<ChainLink> Links => _spill;

    public long Count => _tracks.Count;

    public int StreamCount => _tracks.StreamCount;

    /// <summary>The link added last (null before the first).</summary>
    public ChainLink? Last => _tracks.Last;

    /// <summary>The highest position of a link added (null when none was).</summary>
    public GlobalPosition? Highest => _tracks.Highest;

    public async ValueTask<ChainLink> AddAsync(RecordedEvent e)
    {
        var link = _tracks.Add(e, out var envelope);
        _spill.Add(link);
        await _rules.AddAsync(e, link, envelope); // the envelope is read once, for the link and for the rules
        return link;
    }

    /// <summary>
    /// Every finding, once the whole log was added: each stream's chain (<see cref="StreamChain"/>), then of
    /// <paramref name="global"/> (the global log's own findings) those about an event its chain did not name, then what the
    /// rules refuse in streams whose chain is intact — a broken chain is named by what breaks it, and a record that was
    /// altered or cut cannot be decided again as the ledger decided it. A stream whose every link continued its chain as it
    /// was read has no chain finding (<see cref="StreamTrack.Intact"/>); the others are read back and checked whole.
    /// </summary>
    public async Task<List<ChainFinding>> FindingsAsync(IEnumerable<ChainFinding> global)
    {
        var findings = new List<ChainFinding>();
        var notIntact = _tracks.NotIntact;
        if (notIntact.Count > 0)
        {
            var held = notIntact.ToDictionary(t => t.Stream, _ => new List<ChainLink>(), StringComparer.Ordinal);
            foreach (var link in _spill)
                if (held.TryGetValue(link.Stream, out var links)) links.Add(link);
            foreach (var track in notIntact) findings.AddRange(StreamChain.Check(held[track.Stream]));
        }
        // Each of the global log's findings whose event no finding before it names: looked up, not compared with each (a tampered log may name every event).
        var named = findings.Select(f => f.EventId).ToHashSet(RandomisedIds.Comparer);
        findings.AddRange(global.Where(g => named.Add(g.EventId)));
        var broken = findings.Select(f => f.Stream).ToHashSet(StringComparer.Ordinal);
        findings.AddRange((await _rules.RefusedAsync()).Where(r => !broken.Contains(r.Stream)));
        return findings;
    }

    public void Dispose()
    {
        _rules.Dispose();
        _spill.Dispose();
    }
}
