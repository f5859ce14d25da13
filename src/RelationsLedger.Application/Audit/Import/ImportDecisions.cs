using System.Buffers.Binary;
using System.Collections.Concurrent;
using RelationsLedger.Application.Audit.Rules;
using RelationsLedger.Application.Storage;
using RelationsLedger.Domain.Decisions;
using RelationsLedger.Domain.Events;
using RelationsLedger.Domain.State;

namespace RelationsLedger.Application.Audit.Import;

/// <summary>
/// Phase 2 of an import: the checked lines in file order against the store and each other. An event id
/// already recorded must be the same event; each new event must chain onto its stream's head and be
/// accepted on the timeline as it would stand, simulated in memory, as the ledger decided it
/// (<see cref="StreamDecisions{TTag}"/>: alone, or with the rest of the batch that recorded it).
/// Lines arrive as they are read, so what is kept per accepted line is only what later lines are
/// judged against: its fact in its relationship's timeline and a small record of its id.
/// </summary>
internal sealed class ImportDecisions(IEventStore store)
{
    private readonly RelationshipRepository _repository = new(store);
    private readonly Dictionary<string, StreamReplica> _replicas = new(StringComparer.Ordinal);
    private readonly HashSet<string> _broken = new(StringComparer.Ordinal);
    private readonly Dictionary<Guid, Seen> _inFile = new(RandomisedIds.Comparer);

    /// <summary>
    /// Each stream's history as loaded ahead (<see cref="LoadAheadAsync"/>) or when first needed; <see cref="Taken"/> once its
    /// replica holds it, so that it is loaded once and not kept twice.
    /// </summary>
    private readonly ConcurrentDictionary<string, Task<RelationshipHistory>> _loads = new(StringComparer.Ordinal);

    private static readonly Task<RelationshipHistory> Taken = Task.FromResult<RelationshipHistory>(null!);

    /// <summary>How many streams <see cref="LoadAheadAsync"/> reads at once.</summary>
    public const int LoadsInFlight = 16;

    /// <summary>Each stream's name as kept for every line of it that is remembered: one string per stream, not per line.</summary>
    private readonly TextPool _streamNames = new();

    /// <summary>An event id met earlier in the file: enough to tell a repeat of it from other content under the same id.</summary>
    private readonly record struct Seen(int Line, string Stream, UInt128 HashHigh, UInt128 HashLow, long RecordedAtTicks);

    /// <summary>
    /// The table of the file's event ids is made for this many lines at once, rather than doubled as it fills: at 1M its entries are
    /// one array of ~80 bytes an id, 122.8 MB after its last doubling (capacity ~1.5M), which had the 61 MB one before it still
    /// alive while it was filled (round 62). More room than the ids need is what an estimate costs; a file of more lines still grows it.
    /// </summary>
    public void ExpectLines(int lines) => _inFile.EnsureCapacity(lines);

    /// <summary>How many lines were the same event as one already recorded or earlier in the file.</summary>
    public int AlreadyPresent { get; private set; }

    /// <summary>
    /// A line of this stream has a problem: later lines of the stream are not decided, as they would only
    /// repeat it (they may chain onto the line that could not be read, or was refused).
    /// </summary>
    public void Break(string stream) => _broken.Add(stream);

    /// <summary>
    /// Whether the line is a new event to append, and the problems settled with it: its own, or those of the lines
    /// before it that a batch recorded together with each other, when it ends their run (<see cref="StreamDecisions{TTag}"/>;
    /// neither: already present, or its stream is broken). A line refused on its own is accepted until its run ends and
    /// is decided as a whole, or the file does (<see cref="Finish"/>): nothing is appended while any line has a problem.
    /// <paramref name="recorded"/> holds the store's events among the ids of the line's chunk.
    /// </summary>
    public async ValueTask<(bool Accepted, IReadOnlyList<ImportError> Problems)> DecideAsync(ImportLine line, IReadOnlyDictionary<Guid, RecordedClaim> recorded, CancellationToken ct)
    {
        if (_broken.Contains(line.Stream)) return (false, []);
        // A line already recorded is settled by its id: its stream is loaded only for a line that may be new.
        var stream = _streamNames.Keep(line.Stream);
        _replicas.TryGetValue(stream, out var replica);
        var problem = Duplicate(line, stream, recorded, out var isRepeat);
        if (problem is null && !isRepeat)
        {
            replica ??= _replicas[stream] = new StreamReplica(await LoadAsync(line, ct));
            // The store holds the line's place already, though its id was not recorded when looked up: it may be this very event, recorded since.
            if (line.Revision < replica.StoredCount && await RecordedSinceAsync(line, ct) is { } since)
                isRepeat = (problem = Differs(line, since)) is null;
        }
        if (problem is null && isRepeat)
        {
            AlreadyPresent++;
            return (false, []);
        }
        IReadOnlyList<ImportError> problems = (problem ?? Chain(line, replica!)) is { } own ? [own] : Decision(line, replica!);
        if (problems.Count == 0) return (true, problems);
        Break(line.Stream);
        return (!Names(problems, line.Line), problems);
    }

    /// <summary>
    /// Loads, several at once, the streams of a chunk's lines that may be new (their ids not among
    /// <paramref name="recorded"/>) and were not loaded before: called once the chunk's ids are looked up, while the chunk before
    /// is decided. Before (round 55), each was read when its first line was decided, one read after the other: on KurrentDB
    /// a round trip per relationship of the file, most of the check's time for an export of many relationships.
    /// </summary>
    public async Task LoadAheadAsync(IEnumerable<ImportLine> lines, IReadOnlyDictionary<Guid, RecordedClaim> recorded, CancellationToken ct)
    {
        // The streams, not their lines: the lines are let go once decided, while this method's frame may live on (LetGo).
        var ahead = lines.Where(l => !recorded.ContainsKey(l.EventId) && !_loads.ContainsKey(l.Stream)).DistinctBy(l => l.Stream)
            .Select(l => (l.Stream, l.Key)).ToList();
        await Parallel.ForEachAsync(ahead, new ParallelOptions { MaxDegreeOfParallelism = LoadsInFlight, CancellationToken = ct },
            async (load, stopped) => await _loads.GetOrAdd(load.Stream, stream => _repository.LoadAsync(load.Key, ct))); // shared: not stopped with the others
    }

    /// <summary>The stream's history as the store holds it: loaded ahead, or now.</summary>
    private async Task<RelationshipHistory> LoadAsync(ImportLine line, CancellationToken ct)
    {
        var history = await _loads.GetOrAdd(line.Stream, stream => _repository.LoadAsync(line.Key, ct));
        _loads[line.Stream] = Taken;
        return history;
    }

    /// <summary>
    /// Everything kept to decide the file let go, once it is decided: the timelines, the table of the file's ids, the loads. Emptied
    /// in place rather than left to the collector with the last reference to this object: frames of the check's methods, below the
    /// appends on the same stack or still returning on other threads, may hold that reference when the import collects before its
    /// appends (<c>ImportEventsHandler.LetGoOfTheCheck</c>). Dropping it was not enough: the whole check's heap was still live at the
    /// appends' start in 2 of 6 CI runs of round 67 (<c>CheckLetGoTests</c>); its contents cannot be held that way.
    /// </summary>
    public void LetGo()
    {
        _replicas.Clear();
        _replicas.TrimExcess();
        _inFile.Clear();
        _inFile.TrimExcess();
        _broken.Clear();
        _broken.TrimExcess();
        _loads.Clear();
    }

    /// <summary>The end of the file: the problems of the runs still open (lines refused on their own, decided as a whole now).</summary>
    public IReadOnlyList<ImportError> Finish() =>
        _replicas.Values.SelectMany(r => r.Decisions.End()).Select(Refused).OrderBy(p => p.Line).ToList();

    private ImportError? Duplicate(ImportLine line, string stream, IReadOnlyDictionary<Guid, RecordedClaim> recorded, out bool isRepeat)
    {
        var (high, low) = HashValue(line.Envelope.Hash);
        var recordedAt = line.RecordedAt.UtcTicks;
        if (_inFile.TryGetValue(line.EventId, out var earlier))
        {
            isRepeat = earlier.Stream == stream && earlier.HashHigh == high && earlier.HashLow == low && earlier.RecordedAtTicks == recordedAt;
            return isRepeat ? null : new(line.Line, "eventId", $"line {earlier.Line} already has event {line.EventId}, with different content");
        }
        _inFile.Add(line.EventId, new(line.Line, stream, high, low, recordedAt));
        isRepeat = false;
        if (!recorded.TryGetValue(line.EventId, out var claim)) return null;
        var differs = Differs(line, claim);
        isRepeat = differs is null;
        return differs;
    }

    /// <summary>
    /// The store's event at the line's revision, when it is the line's own event: recorded after the line's id was looked up
    /// (by another writer — an import of the same file in another process — between the look-up and the stream's load; on a
    /// store whose log is read at the start, any time since). Without this, the line was refused as "another event" at its
    /// place, and the file said to be wrong throughout (ImportRaceTests).
    /// </summary>
    private async Task<RecordedClaim?> RecordedSinceAsync(ImportLine line, CancellationToken ct)
    {
        await foreach (var e in store.ReadStreamAsync(line.Stream, ReadDirection.Forwards, line.Revision, 1, ct))
            return e.EventId == line.EventId ? RecordedClaim.Of(e) : null;
        return null;
    }

    /// <summary>Why the line is not the recorded event of its id, or null when it repeats it.</summary>
    private static ImportError? Differs(ImportLine line, RecordedClaim claim) =>
        claim.Is(line.Stream, line.Envelope.Hash, line.RecordedAt) ? null : new(line.Line, "eventId",
            $"event {line.EventId} is already recorded, in {claim.Stream} at revision {claim.Revision}, with different content " +
            $"({(claim.Stream != line.Stream ? "another stream" : claim.Hash != line.Envelope.Hash ? $"hash {claim.Hash ?? "(unreadable)"}, not {line.Envelope.Hash}" : $"recorded at {claim.RecordedAt:O}, not {line.RecordedAt:O}")}); event ids are unique in the whole ledger");

    /// <summary>
    /// The hash's 32 bytes (it was checked to be the event's own SHA-256, in lowercase hex): a million
    /// ids met in a file then cost 32 bytes of hash each, not a 64-character string.
    /// </summary>
    private static (UInt128, UInt128) HashValue(string hex)
    {
        Span<byte> bytes = stackalloc byte[32];
        if (Convert.FromHexString(hex, bytes, out _, out var written) != System.Buffers.OperationStatus.Done || written != 32)
            throw new ArgumentException($"'{hex}' is not a SHA-256 hash in hex", nameof(hex));
        return (BinaryPrimitives.ReadUInt128BigEndian(bytes), BinaryPrimitives.ReadUInt128BigEndian(bytes[16..]));
    }

    private static ImportError? Chain(ImportLine line, StreamReplica replica)
    {
        if (line.Envelope.PreviousHash != replica.HeadHash)
        {
            // A place the stream already fills with another event (this one's id is not recorded): "import the events before
            // it first" would send the user looking for events that are there. The store holds another history of the relationship.
            if (line.Revision < replica.NextRevision)
            {
                var inStore = line.Revision < replica.StoredCount;
                return new(line.Line, "metadata.previousHash",
                    $"{line.Stream} already holds revision {line.Revision} {(inStore ? "in this store" : "from an earlier line of the file")}, " +
                    $"and it is another event (event {line.EventId} is not recorded): the file's history of the relationship and the " +
                    $"{(inStore ? "store's" : "file's own")} differ from revision {line.Revision}. An import only adds to a relationship " +
                    "whose recorded events are the file's first ones of it, in order");
            }
            return new(line.Line, "metadata.previousHash",
                $"{line.Envelope.PreviousHash ?? "null"} does not chain onto the head of {line.Stream}, which is {replica.HeadHash ?? "empty (its first event has previousHash null)"}; import the events before it first");
        }
        if (line.Revision != replica.NextRevision)
            return new(line.Line, "revision", $"{line.Revision}, but it would be revision {replica.NextRevision} of {line.Stream}");
        if (line.RecordedAt < replica.HeadRecordedAt)
            return new(line.Line, "recordedAt", $"{line.RecordedAt:O} is earlier than the event before it in {line.Stream} ({replica.HeadRecordedAt:O})");
        return null;
    }

    private static IReadOnlyList<ImportError> Decision(ImportLine line, StreamReplica replica)
    {
        var fact = new Fact(line.EventId, line.Envelope.EffectiveDate, line.RecordedAt, (long)line.Revision, line.Event);
        var refusals = replica.Add(line, fact);
        if (refusals.Count == 0) return []; // most lines: no closures, no iterator and no list made for them
        // A run this line ends was refused: the stream is broken there, and this line, decided on a record holding that run, would only repeat it.
        if (refusals.Any(r => r.Line != line.Line)) refusals.RemoveAll(r => r.Line == line.Line);
        return refusals.Select(Refused).ToList();
    }

    /// <summary>Whether any of <paramref name="problems"/> is of line <paramref name="number"/>.</summary>
    private static bool Names(IReadOnlyList<ImportError> problems, int number)
    {
        for (var i = 0; i < problems.Count; i++)
            if (problems[i].Line == number) return true;
        return false;
    }

    private static ImportError Refused((int Line, Fact Fact, Conflict Conflict) refusal)
    {
        var (number, fact, conflict) = refusal;
        return new(number, "data", conflict.Refusing(fact.Type));
    }
}
