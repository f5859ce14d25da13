using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;

namespace RelationsLedger.Projections.Relationships;

/// <summary>
/// A bulk load's row writes on a thread of their own, so that the fold of the next events runs beside the JSON and the
/// SQLite inserts of the rows before them (the decoder has a thread too: the three share the machine's cores). The folding
/// thread hands the writes over in order, in chunks, and the thread runs them in that order — the rows, their order and
/// their ids are those of the writes made in place. The hand-off is bounded: a few chunks are in flight, then the folding
/// thread waits for one to be written. Whoever else uses the connection (a look-up, a commit, the indexes) first waits
/// until every write handed over is done (<see cref="WaitUntilWritten"/>): SQLite is never used from two threads at once.
/// </summary>
internal sealed class RowThread : IDisposable
{
    private const int ChunkSize = 1024; // 48-byte writes: a chunk stays off the large object heap
    private const int Chunks = 8;

    private readonly Action<RowWrite> _write;
    private readonly BlockingCollection<Chunk> _full = new(Chunks);
    private readonly BlockingCollection<Chunk> _free = new(Chunks);
    private readonly Thread _thread;
    private readonly object _lock = new(); // Monitor.Wait: the hand-over counters
    private Chunk _filling;
    private long _handed, _written;
    private volatile ExceptionDispatchInfo? _failure;
    private bool _disposed;

    private sealed class Chunk
    {
        public readonly RowWrite[] Writes = new RowWrite[ChunkSize];
        public int Count;
    }

    /// <param name="write">Runs one write on the connection (only ever on the row thread while it runs).</param>
    public RowThread(Action<RowWrite> write)
    {
        _write = write;
        for (var i = 1; i < Chunks; i++) _free.Add(new Chunk());
        _filling = new Chunk();
        _thread = new Thread(Run) { IsBackground = true, Name = "read model rows" };
        _thread.Start();
    }

    /// <summary>Hands one write over; waits only when every chunk is in flight. Throws the thread's failure, if it failed.</summary>
    public void Add(in RowWrite write)
    {
        _failure?.Throw();
        _filling.Writes[_filling.Count++] = write;
        if (_filling.Count == ChunkSize) HandOver();
    }

    /// <summary>Returns once every write handed over is in the file (in the open transaction); throws the thread's failure.</summary>
    public void WaitUntilWritten()
    {
        if (_filling.Count > 0) HandOver();
        lock (_lock)
        {
            while (_written < _handed && _failure is null) Monitor.Wait(_lock);
        }
        _failure?.Throw();
    }

    private void HandOver()
    {
        lock (_lock) _handed++;
        _full.Add(_filling);
        _filling = _free.Take();
        _filling.Count = 0;
    }

    private void Run()
    {
        foreach (var chunk in _full.GetConsumingEnumerable())
        {
            if (_failure is null) // after a failure the rest is dropped: the load stops at the folding thread's next hand-off
            {
                try
                {
                    for (var i = 0; i < chunk.Count; i++) _write(chunk.Writes[i]);
                }
                catch (Exception error)
                {
                    _failure = ExceptionDispatchInfo.Capture(error); // the folding thread throws it at its next hand-off or wait
                }
            }
            Array.Clear(chunk.Writes, 0, chunk.Count); // no row kept alive by a chunk in the pool
            _free.Add(chunk);
            lock (_lock)
            {
                _written++;
                Monitor.PulseAll(_lock);
            }
        }
    }

    /// <summary>
    /// Writes what was handed over, then stops the thread: a write added is never lost. A failure on the thread is not thrown
    /// here (a rebuild that failed is closing its connection; one that completes has waited for its rows first).
    /// </summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        if (_filling.Count > 0)
        {
            lock (_lock) _handed++;
            _full.Add(_filling);
        }
        _full.CompleteAdding();
        _thread.Join();
        _full.Dispose();
        _free.Dispose();
    }
}

/// <summary>One row write of a bulk load, as the folding thread decided it (see <see cref="RowWriter"/>).</summary>
internal readonly record struct RowWrite(RowWrite.Kind What, long RelId, object? Subject, long A, long B, string? Text)
{
    public enum Kind : byte { Item, Fact, Counters, Relationship }
}
