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

    public ImportSpill()
    {
        var path = Path.Combine(Path.GetTempPath(), $"relationsledger-import-{Guid.NewGuid():N}.spill");
        _file = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose);
        // Unlinked at once where an open file outlives its name (Linux, macOS): a killed import leaves nothing
        // behind. Windows cannot, and deletes it on close.
        if (!OperatingSystem.IsWindows()) File.Delete(path);
        _writer = new BinaryWriter(_file, System.Text.Encoding.UTF8, leaveOpen: true);
    }

    /// <summary>How many events were written.</summary>
    public int Count { get; private set; }

    public void Write(string stream, ulong revision, EventData e)
    {
        _writer.Write(stream);
        _writer.Write(revision);
        _writer.Write(e.EventId.ToByteArray());
        _writer.Write(e.Type);
        WriteBytes(e.Data.Span);
        WriteBytes(e.Metadata.Span);
        Count++;
    }

    private void WriteBytes(ReadOnlySpan<byte> bytes)
    {
        _writer.Write(bytes.Length);
        _writer.Write(bytes);
    }

    /// <summary>The events in the order they were written. Call once, after the last <see cref="Write"/>.</summary>
    public IEnumerable<(string Stream, ulong Revision, EventData Event)> ReadAll()
    {
        _writer.Flush();
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
            yield return (stream, revision, new EventData(id, type, data, metadata));
        }
    }

    public void Dispose()
    {
        _writer.Dispose();
        _file.Dispose();
    }
}
