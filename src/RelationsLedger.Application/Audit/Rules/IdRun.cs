using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;
using RelationsLedger.Application.Storage;

namespace RelationsLedger.Application.Audit.Rules;

/// <summary>
/// Event ids written to a temporary file sorted (by <see cref="Guid.CompareTo(Guid)"/>), each with where its first event is:
/// 44 bytes an id (the id, its stream's number, its revision, its position's two numbers). In memory: a filter that says
/// which ids the run cannot hold (<see cref="IdFilter"/>, 2 bytes an id) and the first id of each page of 64 (a quarter of a
/// byte an id), so an id the filter lets through costs one read of one page.
/// </summary>
internal sealed class IdRun
{
    private const int RecordBytes = 44;
    private const int PageRecords = 64;
    public const int PageBytes = RecordBytes * PageRecords;

    private readonly SafeFileHandle _file;
    private readonly long _offset;
    private readonly int _count;
    private readonly Guid[] _pageStarts;
    private readonly IdFilter _filter;

    private IdRun(SafeFileHandle file, long offset, int count, Guid[] pageStarts, IdFilter filter) =>
        (_file, _offset, _count, _pageStarts, _filter) = (file, offset, count, pageStarts, filter);

    /// <summary>The bytes the run takes in its file.</summary>
    public long Bytes => (long)_count * RecordBytes;

    /// <summary>Writes <paramref name="sorted"/> (ascending) at <paramref name="offset"/> of <paramref name="file"/>, with each id's first event from <paramref name="firsts"/>.</summary>
    public static IdRun Write(SafeFileHandle file, long offset, ReadOnlySpan<Guid> sorted, Dictionary<Guid, FirstOfId> firsts, NumberedNames streams)
    {
        var filter = new IdFilter(sorted.Length);
        var pageStarts = new Guid[(sorted.Length + PageRecords - 1) / PageRecords];
        var page = new byte[PageBytes];
        for (var p = 0; p < pageStarts.Length; p++)
        {
            var from = p * PageRecords;
            var n = Math.Min(PageRecords, sorted.Length - from);
            pageStarts[p] = sorted[from];
            for (var i = 0; i < n; i++)
            {
                var id = sorted[from + i];
                filter.Add(id);
                Encode(page.AsSpan(i * RecordBytes, RecordBytes), id, firsts[id], streams);
            }
            RandomAccess.Write(file, page.AsSpan(0, n * RecordBytes), offset + (long)from * RecordBytes);
        }
        return new(file, offset, sorted.Length, pageStarts, filter);
    }

    /// <param name="page">A buffer of <see cref="PageBytes"/> to read a page into.</param>
    /// <returns>Where the first event of <paramref name="id"/> is, when the run holds it.</returns>
    public FirstOfId? Find(Guid id, byte[] page, NumberedNames streams)
    {
        if (!_filter.MayContain(id)) return null;
        var at = Array.BinarySearch(_pageStarts, id);
        var p = at >= 0 ? at : ~at - 1; // the last page starting at or before the id
        if (p < 0) return null;
        var from = p * PageRecords;
        var records = page.AsSpan(0, Math.Min(PageRecords, _count - from) * RecordBytes);
        ReadFully(records, _offset + (long)from * RecordBytes);
        for (var i = 0; i < records.Length; i += RecordBytes)
            if (MemoryMarshal.Read<Guid>(records[i..]) == id) return Decode(records.Slice(i, RecordBytes), streams);
        return null;
    }

    private void ReadFully(Span<byte> into, long offset)
    {
        while (into.Length > 0)
        {
            var read = RandomAccess.Read(_file, into, offset);
            if (read == 0) throw new IOException("the temporary file of event ids ends before a run it wrote");
            into = into[read..];
            offset += read;
        }
    }

    private static void Encode(Span<byte> record, Guid id, FirstOfId first, NumberedNames streams)
    {
        MemoryMarshal.Write(record, in id);
        BinaryPrimitives.WriteInt32LittleEndian(record[16..], streams.NumberOf(first.Stream));
        BinaryPrimitives.WriteUInt64LittleEndian(record[20..], first.Revision);
        BinaryPrimitives.WriteUInt64LittleEndian(record[28..], first.Position.Commit);
        BinaryPrimitives.WriteUInt64LittleEndian(record[36..], first.Position.Prepare);
    }

    private static FirstOfId Decode(ReadOnlySpan<byte> record, NumberedNames streams) => new(
        streams[BinaryPrimitives.ReadInt32LittleEndian(record[16..])],
        BinaryPrimitives.ReadUInt64LittleEndian(record[20..]),
        new(BinaryPrimitives.ReadUInt64LittleEndian(record[28..]), BinaryPrimitives.ReadUInt64LittleEndian(record[36..])));
}
