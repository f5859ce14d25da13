using System.Collections;
using Microsoft.Win32.SafeHandles;
using RelationsLedger.Application.Storage;

namespace RelationsLedger.Application.Audit.Chain;

/// <summary>
/// A log's chain links in the order they were read, kept in a temporary file instead of the heap: <c>verify</c> and
/// <c>digest</c> check each stream as its links arrive and keep only its head (<see cref="StreamTrack"/>); what they need
/// the whole of afterwards — a stream whose chain does not simply go on, the digest, KurrentDB's reservations — is read
/// back from here, as often as needed (each enumeration reads the file from its start). Stream and type names are kept
/// once, in memory, and written as their number; a link's recomputed hash is not written when it is the hash it claims, nor
/// its previous hash when it is the hash of the stream's link before it (about 140 bytes an event, not 270).
/// (Before round 42 of issue #16 every link was held: ~2.7 KB of peak memory an event, GBs for a million.)
/// </summary>
internal sealed class LinkSpill : IEnumerable<ChainLink>, IDisposable
{
    private readonly FileStream _file;
    private readonly BinaryWriter _writer;
    private readonly NumberedNames _streams = new();
    private readonly NumberedNames _types = new();

    /// <summary>The hash of each stream's last link written, by the stream's number: what the next one mostly chains onto.</summary>
    private readonly Dictionary<int, string?> _heads = [];

    public LinkSpill()
    {
        try
        {
            _file = TemporaryFile.Open("verify");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Unusable("could not be made", e);
        }
        _writer = new BinaryWriter(_file, System.Text.Encoding.UTF8, leaveOpen: true);
    }

    /// <summary>The temporary folder is the problem, and the user can name another: nothing was verified.</summary>
    private static StoreUnavailableException Unusable(string what, Exception e) =>
        new($"The verification's temporary file {what} in {TemporaryFile.Folder} ({e.Message}). It keeps every event's chain " +
            "link (about 140 bytes an event) so that memory does not grow with the ledger; set TMPDIR to a writable folder with " +
            "enough space. Nothing was verified, and no digest was taken.", e);

    public long Count { get; private set; }

    public void Add(ChainLink link)
    {
        try
        {
            Write(link);
        }
        catch (IOException x) // the disk filled up, most likely
        {
            throw Unusable("could not be written", x);
        }
        Count++;
    }

    [Flags]
    private enum Has : byte
    {
        PreviousHash = 1,
        Hash = 2,
        Unreadable = 4,
        ContentMatchesHash = 8,
        Recomputed = 16,
        RecomputedIsHash = 32,
        PreviousIsHeadHash = 64,
    }

    private void Write(ChainLink l)
    {
        Span<byte> id = stackalloc byte[16];
        l.EventId.TryWriteBytes(id);
        _writer.Write(id);
        var stream = _streams.NumberOf(l.Stream);
        _writer.Write(stream);
        _writer.Write(l.Revision);
        _writer.Write(l.Position.Commit);
        _writer.Write(l.Position.Prepare);
        _writer.Write(_types.NumberOf(l.Type));
        var recomputedIsHash = l.Recomputed is not null && string.Equals(l.Recomputed, l.Hash, StringComparison.Ordinal);
        var previousIsHead = l.PreviousHash is not null && _heads.TryGetValue(stream, out var head) && string.Equals(l.PreviousHash, head, StringComparison.Ordinal);
        _heads[stream] = l.Hash;
        var has = (l.PreviousHash is null ? 0 : previousIsHead ? Has.PreviousIsHeadHash : Has.PreviousHash) | (l.Hash is null ? 0 : Has.Hash)
            | (l.Unreadable is null ? 0 : Has.Unreadable) | (l.ContentMatchesHash ? Has.ContentMatchesHash : 0)
            | (recomputedIsHash ? Has.RecomputedIsHash : l.Recomputed is null ? 0 : Has.Recomputed);
        _writer.Write((byte)has);
        if (has.HasFlag(Has.PreviousHash)) _writer.Write(l.PreviousHash!);
        if (l.Hash is not null) _writer.Write(l.Hash);
        if (l.Unreadable is not null) _writer.Write(l.Unreadable);
        if (!recomputedIsHash && l.Recomputed is not null) _writer.Write(l.Recomputed);
        WriteMoment(l.RecordedAt);
        WriteMoment(l.StoredAt);
    }

    /// <summary>A moment as it was read, its offset included: a finding prints it so.</summary>
    private void WriteMoment(DateTimeOffset moment)
    {
        _writer.Write(moment.Ticks);
        _writer.Write((short)moment.Offset.TotalMinutes);
    }

    /// <param name="heads">The hash of each stream's last link read, by the stream's number (the enumeration's own).</param>
    private static ChainLink Read(BinaryReader r, NumberedNames streams, NumberedNames types, Dictionary<int, string?> heads)
    {
        var id = new Guid(r.ReadBytes(16));
        var number = r.ReadInt32();
        var stream = streams[number];
        var revision = r.ReadUInt64();
        var position = new GlobalPosition(r.ReadUInt64(), r.ReadUInt64());
        var type = types[r.ReadInt32()];
        var has = (Has)r.ReadByte();
        var previous = has.HasFlag(Has.PreviousHash) ? r.ReadString() : has.HasFlag(Has.PreviousIsHeadHash) ? heads[number] : null;
        var hash = has.HasFlag(Has.Hash) ? r.ReadString() : null;
        heads[number] = hash;
        var unreadable = has.HasFlag(Has.Unreadable) ? r.ReadString() : null;
        var recomputed = has.HasFlag(Has.RecomputedIsHash) ? hash : has.HasFlag(Has.Recomputed) ? r.ReadString() : null;
        var recordedAt = ReadMoment(r);
        var storedAt = ReadMoment(r);
        return new(id, stream, revision, position, type, previous, hash, has.HasFlag(Has.ContentMatchesHash), unreadable, recordedAt, storedAt)
        {
            Recomputed = recomputed,
        };
    }

    private static DateTimeOffset ReadMoment(BinaryReader r)
    {
        var ticks = r.ReadInt64();
        return new(ticks, TimeSpan.FromMinutes(r.ReadInt16()));
    }

    /// <summary>Every link, in the order added. The file is read from its start by each enumeration, on its own offset.</summary>
    public IEnumerator<ChainLink> GetEnumerator()
    {
        try
        {
            _writer.Flush();
        }
        catch (IOException x)
        {
            throw Unusable("could not be written", x);
        }
        var count = Count;
        var heads = new Dictionary<int, string?>();
        using var reader = new BinaryReader(new BufferedStream(new HandleReader(_file.SafeFileHandle), 1 << 16), System.Text.Encoding.UTF8);
        for (long i = 0; i < count; i++) yield return Read(reader, _streams, _types, heads);
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public void Dispose()
    {
        _writer.Dispose();
        _file.Dispose();
    }

    /// <summary>Reads the file from its start at an offset of its own, so that a read does not move the writer.</summary>
    private sealed class HandleReader(SafeFileHandle handle) : Stream
    {
        private long _offset;

        public override int Read(Span<byte> buffer)
        {
            var read = RandomAccess.Read(handle, buffer, _offset);
            _offset += read;
            return read;
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _offset; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
