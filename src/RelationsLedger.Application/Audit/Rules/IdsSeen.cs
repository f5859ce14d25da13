using Microsoft.Win32.SafeHandles;
using RelationsLedger.Application.Storage;
using RelationsLedger.Domain.Events;

namespace RelationsLedger.Application.Audit.Rules;

/// <summary>Where the first event of an event id is: what a refusal of a second one names.</summary>
internal readonly record struct FirstOfId(string Stream, ulong Revision, GlobalPosition Position);

/// <summary>
/// Each event id a reader of the whole log met (ids are unique in the whole ledger), with where its first event is, in
/// memory that does not grow with the log (round 44 of issue #16; before, ~190 bytes of peak memory an id, 1.9 GB for ten
/// million). The latest ids, up to <see cref="DefaultRunSize"/>, are held in a table; when it is full they are sorted and
/// written to a temporary file as one run (<see cref="IdRun"/>: 44 bytes an id on disk, about 2.3 bytes an id in memory
/// for its filter and page index), and the table starts again. A new id — nearly every id — is looked up in the table and
/// in each run's filter and touches no disk; only an id a filter may hold (a duplicate, or about one in a thousand by
/// chance) reads one page of that run. So a duplicate is named where it stands in the log, with its first event's place,
/// exactly as when every id was in memory. The table and the filters place an id by a hash seeded at random in each
/// process (<see cref="RandomisedIds"/>), so ids chosen to collide cannot make a look-up walk them all.
/// </summary>
internal sealed class IdsSeen(int runSize = IdsSeen.DefaultRunSize) : IDisposable
{
    /// <summary>Ids held in the table before they go to a run: ~15 MB of table at most, ~4 runs a million events.</summary>
    public const int DefaultRunSize = 1 << 18;

    private readonly Dictionary<Guid, FirstOfId> _latest = new(RandomisedIds.Comparer);
    private readonly List<IdRun> _runs = [];
    private readonly NumberedNames _streams = new();
    private readonly byte[] _page = new byte[IdRun.PageBytes];
    private Guid[]? _sorting;
    private FileStream? _file;
    private long _written;

    public long Count { get; private set; }

    /// <summary>How many runs went to the temporary file.</summary>
    public int Runs => _runs.Count;

    /// <returns>Null when <paramref name="id"/> is met for the first time (and is now kept, with <paramref name="first"/>); else where its first event is.</returns>
    public FirstOfId? TryAdd(Guid id, FirstOfId first)
    {
        if (_latest.TryGetValue(id, out var latest)) return latest;
        foreach (var run in _runs)
            if (run.Find(id, _page, _streams) is { } earlier) return earlier;
        _latest.Add(id, first);
        Count++;
        if (_latest.Count >= runSize) WriteRun();
        return null;
    }

    private void WriteRun()
    {
        var sorted = _sorting ??= new Guid[runSize];
        _latest.Keys.CopyTo(sorted, 0);
        Array.Sort(sorted, 0, _latest.Count); // by Guid.CompareTo, as a run is searched
        try
        {
            _file ??= TemporaryFile.Open("ids");
            var run = IdRun.Write(_file.SafeFileHandle, _written, sorted.AsSpan(0, _latest.Count), _latest, _streams);
            _written += run.Bytes;
            _runs.Add(run);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StoreUnavailableException(
                $"The verification's temporary file of event ids could not be made or written in {TemporaryFile.Folder} ({e.Message}). " +
                "It keeps the event ids met (44 bytes an id) so that memory does not grow with the ledger; set TMPDIR to a writable " +
                "folder with enough space. Nothing was verified, and no digest was taken.", e);
        }
        _latest.Clear();
    }

    public void Dispose() => _file?.Dispose();
}
