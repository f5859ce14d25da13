using System.Collections.Concurrent;

namespace RelationsLedger.Store.Sqlite;

/// <summary>
/// The last revision of each stream this store's writer appended to, trusted only while no other
/// connection has committed to the file (SQLite's <c>data_version</c> on the writer connection is
/// unchanged). Lets the command pipeline know that a stream still ends at the event its cache ends on without a query
/// (<see cref="RelationsLedger.Application.Storage.IKnowsStreamEnds"/>): it asks that before every command, and its cache
/// already holds what it wrote.
/// <para>
/// While a group is being written the writer connection cannot be asked (it is the group's): the ends are then trusted only
/// when the group, holding the write lock, found that no other connection had committed since this writer's last commit
/// (<see cref="GroupStarts"/>) — and no other can commit before the group's transaction ends (<see cref="GroupEnds"/>).
/// </para>
/// </summary>
internal sealed class KnownHeads
{
    private readonly ConcurrentDictionary<string, ulong> _heads = new(StringComparer.Ordinal);
    private long? _dataVersion;
    private volatile bool _trustedInGroup;

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
        _trustedInGroup = false;
        _heads.Clear();
        _dataVersion = null;
    }

    /// <summary>True when <paramref name="stream"/> is known to end at <paramref name="revision"/>, as of <paramref name="dataVersion"/>.</summary>
    public bool EndsAt(string stream, ulong revision, long dataVersion)
    {
        if (_dataVersion != dataVersion)
        {
            Forget();
            return false;
        }
        return _heads.TryGetValue(stream, out var head) && head == revision;
    }

    public bool Knows(string stream) => _heads.ContainsKey(stream);

    /// <summary>
    /// A group's transaction holds the write lock, and <paramref name="dataVersion"/> is the writer's data version under it:
    /// unchanged since the last commit, what is known holds until the transaction ends; changed (or not read), nothing is known.
    /// </summary>
    public void GroupStarts(long? dataVersion)
    {
        if (dataVersion is { } version && version == _dataVersion) _trustedInGroup = true;
        else Forget();
    }

    /// <summary>The group's transaction ended (committed or rolled back): the write lock is free, and its ends are not learned yet.</summary>
    public void GroupEnds() => _trustedInGroup = false;

    /// <summary><see cref="EndsAt"/> while a group is being written: false unless the group vouched for what is known (<see cref="GroupStarts"/>).</summary>
    public bool EndsAtDuringGroup(string stream, ulong revision) => _trustedInGroup && _heads.TryGetValue(stream, out var head) && head == revision;
}
