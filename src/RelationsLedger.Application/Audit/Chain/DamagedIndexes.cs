using RelationsLedger.Application.Storage;

namespace RelationsLedger.Application.Audit.Chain;

/// <summary>
/// The embedded store file's indexes checked against its rows (<see cref="IChecksItsIndexes"/>). The whole-ledger audit reads
/// the rows in order of position and finds them whole; a page of the (stream, revision) index overwritten in the file
/// (seen in round 53: one page of a copy where a row was deleted, written over the store's) left `verify` saying OK while
/// `verify A B`, `history` and `audit` read the relationship without that event, and a command on it appended a second
/// event at a revision already taken — the unique index that should refuse it is the one damaged. So `verify` of the whole
/// ledger and `digest`, which read the whole file anyway, name such a file, as a finding of the global log.
/// </summary>
public static class DamagedIndexes
{
    /// <summary>How many of SQLite's lines a finding quotes (its check stops there, too).</summary>
    public const int Most = 5;

    /// <summary>The finding, or null when the store's file finds nothing wrong with itself (or keeps no index of its own).</summary>
    public static async Task<ChainFinding?> FindAsync(IEventStore store, CancellationToken ct)
    {
        var problems = await IChecksItsIndexes.Of(store, Most, ct);
        return problems.Count == 0 ? null : new ChainFinding(TamperKind.Altered, HiddenStream.GlobalLog, 0, Guid.Empty, "",
            $"the store file's indexes do not hold exactly its rows (SQLite's integrity check: {string.Join("; ", problems)}): a page " +
            "of the file was damaged, or overwritten outside the ledger. The rows, read in order of position, are the record this " +
            "verification checked; a relationship's history, audit and verification and the commands deciding on it read it " +
            "through the index, which may show them another record or let a command record an event at a revision already " +
            "taken. With every process of the ledger stopped, rebuild the indexes from the rows (sqlite3 on the store file: " +
            "REINDEX), then verify again");
    }
}
