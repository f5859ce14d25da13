using System.Buffers;
using RelationsLedger.Application.Storage;

namespace RelationsLedger.Application.Audit.Import;

/// <summary>
/// The events an import has accepted so far, sealed as the store will keep them, in a temporary file:
/// nothing may be written to the store before the whole file is checked, and holding a million accepted
/// events in memory until then cost gigabytes. Each line is parsed once; its event waits here, not in the heap.
/// </summary>
internal sealed class ImportSpill : IDisposable
{
    private readonly FileStream _file;
    private readonly BinaryWriter _writer;
    private readonly string _folder;

    public ImportSpill()
    {
        var folder = _folder = TemporaryFile.Folder;
        try
        {
            _file = TemporaryFile.Open("import");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Unusable(folder, "could not be made", e);
        }
        _writer = new BinaryWriter(_file, System.Text.Encoding.UTF8, leaveOpen: true);
    }

    /// <summary>Nothing was imported: the temporary folder is the problem, and the user can name another.</summary>
    private static StoreUnavailableException Unusable(string folder, string what, Exception e) =>
        new($"The import's temporary file {what} in {folder} ({e.Message}). It needs room for about the export's size; " +
            "set TMPDIR to a writable folder with enough space. Nothing was imported.", e);

    /// <summary>How many events were written.</summary>
    public int Count { get; private set; }

    /// <summary>The line's event, sealed as the store will keep it (<see cref="ImportLine.WriteSealedMetadata"/>).</summary>
    public void Write(ImportLine line)
    {
        try
        {
            WriteRecord(line);
        }
        catch (IOException x) // the disk filled up, most likely
        {
            throw Unusable(_folder, "could not be written", x);
        }
        Count++;
    }

    /// <summary>A line's sealed envelope, written here before it is written to the file: one buffer for every line, not an array each.</summary>
    private readonly ArrayBufferWriter<byte> _metadata = new(1024);

    private void WriteRecord(ImportLine line)
    {
        _writer.Write(line.Stream);
        _writer.Write(line.Revision);
        Span<byte> id = stackalloc byte[16];
        line.EventId.TryWriteBytes(id); // as Guid.ToByteArray, which ReadAll reads back
        _writer.Write(id);
        _writer.Write(line.Type);
        WriteBytes(line.Data);
        _metadata.ResetWrittenCount();
        line.WriteSealedMetadata(_metadata);
        WriteBytes(_metadata.WrittenSpan);
        _writer.Write(line.Envelope.FormatVersion);
    }

    private void WriteBytes(ReadOnlySpan<byte> bytes)
    {
        _writer.Write(bytes.Length);
        _writer.Write(bytes);
    }

    /// <summary>The events in the order they were written. Call once, after the last <see cref="Write"/>.</summary>
    public IEnumerable<(string Stream, ulong Revision, EventData Event)> ReadAll()
    {
        try
        {
            _writer.Flush();
        }
        catch (IOException x)
        {
            throw Unusable(_folder, "could not be written", x);
        }
        _file.Position = 0;
        using var reader = new BinaryReader(_file, System.Text.Encoding.UTF8, leaveOpen: true);
        for (var i = 0; i < Count; i++)
        {
            var stream = reader.ReadString();
            var revision = reader.ReadUInt64();
            var id = new Guid(reader.ReadBytes(16));
            var type = reader.ReadString();
            var data = reader.ReadBytes(reader.ReadInt32());
            var metadata = reader.ReadBytes(reader.ReadInt32());
            var format = reader.ReadInt32();
            yield return (stream, revision, new EventData(id, type, data, metadata, format));
        }
    }

    public void Dispose()
    {
        _writer.Dispose();
        _file.Dispose();
    }
}
