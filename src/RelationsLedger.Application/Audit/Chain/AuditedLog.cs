using RelationsLedger.Application.Audit.Rules;
using RelationsLedger.Application.Storage;

namespace RelationsLedger.Application.Audit.Chain;

/// <summary>
/// What <c>verify</c> (of a store or of an export file) and <c>digest</c> make of a log, event by event: each event's
/// chain link, and the ledger's rules applied to it again (<see cref="RulesOfRecord"/>, checked while the log is read). One place, so the three name
/// the same events.
/// </summary>
public sealed class AuditedLog(EventCommands commands)
{
    private readonly RulesOfRecord _rules = new(commands);

    public ChainLinks Links { get; } = new();

    public async ValueTask<ChainLink> AddAsync(RecordedEvent e)
    {
        var link = Links.Add(e, out var envelope);
        await _rules.AddAsync(e, link, envelope); // the envelope is read once, for the link and for the rules
        return link;
    }

    /// <summary>
    /// Every finding, once the whole log was added: each stream's chain (<see cref="StreamChain"/>), then of
    /// <paramref name="global"/> (the global log's own findings) those about an event its chain did not name, then what the
    /// rules refuse in streams whose chain is intact — a broken chain is named by what breaks it, and a record that was
    /// altered or cut cannot be decided again as the ledger decided it.
    /// </summary>
    public async Task<List<ChainFinding>> FindingsAsync(IEnumerable<ChainFinding> global)
    {
        var findings = Links.GroupBy(l => l.Stream, StringComparer.Ordinal).SelectMany(s => StreamChain.Check(s.ToList())).ToList();
        findings.AddRange(global.Where(g => findings.All(f => f.EventId != g.EventId)));
        var broken = findings.Select(f => f.Stream).ToHashSet(StringComparer.Ordinal);
        findings.AddRange((await _rules.RefusedAsync()).Where(r => !broken.Contains(r.Stream)));
        return findings;
    }
}
