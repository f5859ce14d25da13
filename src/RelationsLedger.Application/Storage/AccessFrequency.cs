namespace RelationsLedger.Application.Storage;

/// <summary>
/// How often each stream was asked for lately, in fixed memory whatever the number of streams: a count-min sketch (four
/// rows of counters, a stream's estimate the least of its four: never below its true count, above it only where streams share
/// all four counters) whose counters are halved
/// every <see cref="SampleSize"/> requests, so that what was asked for long ago weighs less than what is asked for now.
/// <see cref="HistoryCache"/> and the live read model's relationships in memory read it to keep the streams asked for often
/// rather than the last one read (TinyLFU's admission, Einziger, Friedman and Manes 2017).
/// </summary>
public sealed class AccessFrequency
{
    private const int Rows = 4;
    private const int Width = 1 << 13; // 8,192 counters a row: 128 KB in all
    private static readonly uint[] Seeds = [0x9E3779B1, 0x85EBCA77, 0xC2B2AE3D, 0x27D4EB2F];

    /// <summary>Requests between two halvings: ten for each counter of a row, as TinyLFU's authors advise.</summary>
    public const int SampleSize = 10 * Width;

    private readonly int[] _counts = new int[Rows * Width];
    private int _requests;

    public void Add(string stream)
    {
        var hash = StringComparer.Ordinal.GetHashCode(stream);
        for (var row = 0; row < Rows; row++) Interlocked.Increment(ref _counts[Index(hash, row)]);
        if (Interlocked.Increment(ref _requests) >= SampleSize) Age();
    }

    /// <summary>The estimated number of requests for <paramref name="stream"/> since the counters were last halved (an upper bound).</summary>
    public int Of(string stream)
    {
        var hash = StringComparer.Ordinal.GetHashCode(stream);
        var least = int.MaxValue;
        for (var row = 0; row < Rows; row++) least = Math.Min(least, Volatile.Read(ref _counts[Index(hash, row)]));
        return least;
    }

    private void Age()
    {
        lock (_counts)
        {
            if (Volatile.Read(ref _requests) < SampleSize) return; // another request aged them a moment ago
            // A request counted while its counter is halved may be lost: an estimate, for the comparison it serves (which of two
            // streams was asked for more), not a count to rely on.
            for (var i = 0; i < _counts.Length; i++) Volatile.Write(ref _counts[i], Volatile.Read(ref _counts[i]) >> 1);
            Volatile.Write(ref _requests, 0);
        }
    }

    private static int Index(int hash, int row)
    {
        var x = unchecked((uint)hash * Seeds[row]);
        x ^= x >> 15;
        return row * Width + (int)(x & (Width - 1));
    }
}
