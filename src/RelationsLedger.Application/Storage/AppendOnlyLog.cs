using System.Collections;

namespace RelationsLedger.Application.Storage;

/// <summary>
/// A list that only grows, in fixed-size chunks, so that an item never moves once added: a
/// <see cref="View"/> of the first n items stays valid (and unchanged) while the log grows.
/// One writer at a time (the caller locks); any number of readers of views.
/// </summary>
internal sealed class AppendOnlyLog<T>
{
    private const int ChunkSize = 1024;
    private T[][] _chunks = [];
    private int _count;

    public int Count => Volatile.Read(ref _count);

    public void Add(T item)
    {
        var (chunk, offset) = (_count / ChunkSize, _count % ChunkSize);
        if (chunk == _chunks.Length)
        {
            var grown = new T[_chunks.Length + 1][];
            Array.Copy(_chunks, grown, _chunks.Length);
            grown[chunk] = new T[ChunkSize];
            Volatile.Write(ref _chunks, grown);
        }
        _chunks[chunk][offset] = item;
        Volatile.Write(ref _count, _count + 1); // publish the item after it is written
    }

    public IReadOnlyList<T> View(int count) => new LogView(Volatile.Read(ref _chunks), count);

    private sealed class LogView(T[][] chunks, int count) : IReadOnlyList<T>
    {
        public T this[int index] => (uint)index < (uint)count
            ? chunks[index / ChunkSize][index % ChunkSize]
            : throw new ArgumentOutOfRangeException(nameof(index));

        public int Count => count;

        public IEnumerator<T> GetEnumerator()
        {
            for (var i = 0; i < count; i++) yield return chunks[i / ChunkSize][i % ChunkSize];
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
