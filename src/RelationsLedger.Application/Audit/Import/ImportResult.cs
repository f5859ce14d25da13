using MediatR;

namespace RelationsLedger.Application.Audit.Import;

public sealed record ImportResult(int Lines, int Imported, int AlreadyPresent, int Streams)
{
    /// <summary>
    /// Whether the file ended with the export's end line (<see cref="Export.ExportEnd"/>), whose counts matched. Without it the file may
    /// have been cut short at a line's end (or was written by an earlier version): imported, and said (<see cref="Export.ExportEnd.Absent"/>).
    /// </summary>
    public bool EndLine { get; init; }
}
