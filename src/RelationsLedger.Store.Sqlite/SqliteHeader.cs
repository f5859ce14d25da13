using System.Buffers.Binary;

namespace RelationsLedger.Store.Sqlite;

/// <summary>
/// What the first 100 bytes of a SQLite database say, read without SQLite (which would apply a log beside it, or refuse a damaged
/// file): its page size and page count, and its application id (the store's mark, <see cref="Schema.ApplicationId"/>).
/// </summary>
internal readonly record struct SqliteHeader(int PageSize, long PageCount, int ApplicationId)
{
    private const int Size = 100;

    public bool MarksAStore => ApplicationId == Schema.ApplicationId;

    /// <summary>The file's header (null when the file is shorter than one or does not start as SQLite's), and its length in bytes.</summary>
    public static (SqliteHeader? Header, long Length) Read(string path)
    {
        using var file = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var length = RandomAccess.GetLength(file);
        Span<byte> bytes = stackalloc byte[Size];
        var read = 0;
        while (read < Size && RandomAccess.Read(file, bytes[read..], read) is var n and > 0) read += n;
        if (read < Size || !bytes[..16].SequenceEqual("SQLite format 3\0"u8)) return (null, length);
        // Bytes 16–17: the page size, 1 standing for 65,536; 28–31: the pages the file holds; 68–71: the application id.
        var pageSize = BinaryPrimitives.ReadUInt16BigEndian(bytes[16..]) is var size and not 1 ? size : 65536;
        return (new SqliteHeader(pageSize, BinaryPrimitives.ReadUInt32BigEndian(bytes[28..]), BinaryPrimitives.ReadInt32BigEndian(bytes[68..])), length);
    }
}
