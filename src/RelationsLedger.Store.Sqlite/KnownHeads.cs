using System.Collections.Concurrent;

namespace RelationsLedger.Store.Sqlite;

/// <summary>
/// The last revision of each stream this store's writer appended to, trusted only while no other
/// connection has committed to the file (SQLite's <c>data_version</c> on the writer connection is
/// unchanged). Lets a read of a stream's tail after its known end answer "nothing new" without a query:
/// the command pipeline asks that before every command, and its cache already holds what it wrote.
/// </summary>
internal sealed class KnownHeads
{
    private readonly ConcurrentDictionary<string, ulong> _heads = new(StringComparer.Ordinal);
    private long? _dataVersion;

    /// <summary>After a commit of this writer: <paramref name="dataVersion"/> changed means another connection wrote, and nothing known is kept.</summary>
    public void Committed(long dataVersion, IEnumerable<(string Stream, ulong Revision)> written)
    {
        if (_dataVersion != dataVersion) _heads.Clear();
        _dataVersion = dataVersion;
        foreach (var (stream, revision) in written)
            _heads.AddOrUpdate(stream, revision, (_, known) => Math.Max(known, revision));
    }

    public void Forget()
    {
        _heads.Clear();
        _dataVersion = null;
    }

    /// <summary>True when <paramref name="stream"/> is known to end before <paramref name="from"/>, as of <paramref name="dataVersion"/>.</summary>
    public bool EndsBefore(string stream, ulong from, long dataVersion)
    {
        if (_dataVersion != dataVersion)
        {
            Forget();
            return false;
        }
        return _heads.TryGetValue(stream, out var head) && head < from;
    }

    public bool Knows(string stream) => _heads.ContainsKey(stream);
}
