namespace RelationsLedger.Application.Storage;

/// <summary>
/// The write turns of relationship streams in this process. Writers append optimistically and take no turn; a writer that
/// keeps losing its race (<see cref="Commands.Recording.LostRaces.TakeTurnAfter"/>) takes the turns of its streams, in one
/// fixed order (so that two such writers never wait for each other), and holds them while it reads, decides and appends again.
/// Meanwhile every other append of this process to those streams waits before it is made: the holder can lose only to
/// appends already on their way when it took the turn, and to other processes. Without it a batch across many
/// relationships, each kept busy by a writer of its own, lost ten races in a row in 8–28 % of its tries (docs/performance.md,
/// round 35). While no turn is held (nearly always) an append asks one number.
/// </summary>
public sealed class WriteTurns
{
    private readonly object _gate = new();
    private readonly Dictionary<string, (Turn Holder, TaskCompletionSource Released)> _held = new(StringComparer.Ordinal);
    private int _count; // _held.Count, read without the gate

    /// <summary>The turns one writer holds, until it is disposed.</summary>
    public sealed class Turn(WriteTurns turns) : IDisposable
    {
        internal readonly List<string> Streams = [];

        public void Dispose() => turns.Release(this);
    }

    /// <summary>Takes the turns of <paramref name="streams"/> in ordinal order, each once no other writer holds it.</summary>
    public async Task<Turn> TakeAsync(IEnumerable<string> streams, CancellationToken ct)
    {
        var turn = new Turn(this);
        try
        {
            foreach (var stream in streams.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
            {
                while (true)
                {
                    Task released;
                    lock (_gate)
                    {
                        if (!_held.TryGetValue(stream, out var other))
                        {
                            _held[stream] = (turn, new(TaskCreationOptions.RunContinuationsAsynchronously));
                            _count = _held.Count;
                            turn.Streams.Add(stream);
                            break;
                        }
                        released = other.Released.Task;
                    }
                    await released.WaitAsync(ct);
                }
            }
            return turn;
        }
        catch
        {
            turn.Dispose();
            throw;
        }
    }

    /// <summary>Before an append to <paramref name="streams"/>: waits while a writer other than the holder of <paramref name="own"/> holds the turn of one of them.</summary>
    public async ValueTask WaitForTurnAsync(IEnumerable<string> streams, Turn? own, CancellationToken ct)
    {
        while (Volatile.Read(ref _count) > 0)
        {
            Task? released = null;
            lock (_gate)
            {
                foreach (var stream in streams)
                    if (_held.TryGetValue(stream, out var held) && held.Holder != own)
                    {
                        released = held.Released.Task;
                        break;
                    }
            }
            if (released is null) return;
            await released.WaitAsync(ct);
        }
    }

    private void Release(Turn turn)
    {
        lock (_gate)
        {
            foreach (var stream in turn.Streams)
                if (_held.Remove(stream, out var held)) held.Released.TrySetResult();
            turn.Streams.Clear();
            _count = _held.Count;
        }
    }
}
