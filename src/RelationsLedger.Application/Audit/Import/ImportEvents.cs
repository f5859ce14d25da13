using MediatR;

namespace RelationsLedger.Application.Audit.Import;

/// <summary>
/// Reads an NDJSON export (docs/audit.md) and records its events through the same validation and
/// decisions as the commands. The whole file is checked first — every line, then each
/// relationship's timeline simulated in memory — and nothing is written unless all of it passes.
/// Events already in the store (same id, same content) are skipped, so re-importing adds nothing.
/// </summary>
/// <param name="Length">The input's length in bytes when known, for progress.</param>
public sealed record ImportEvents(Stream Input, long? Length = null, IProgress<ImportProgress>? Progress = null) : IRequest<ImportResult>;

public sealed record ImportResult(int Lines, int Imported, int AlreadyPresent, int Streams);

/// <summary>Progress of one phase: reading and checking the file (bytes), then appending (events).</summary>
public sealed record ImportProgress(ImportPhase Phase, long Done, long? Total);

public enum ImportPhase { Checking, Appending }

/// <summary>One problem with the file: the line (1-based), the field as named in the line's JSON, and why.</summary>
public sealed record ImportError(int Line, string Field, string Message)
{
    public override string ToString() => $"line {Line}: {Field}: {Message}";
}

/// <summary>
/// The file has problems; nothing of it was written. <see cref="Errors"/> holds the first ones; when checking
/// stopped early (<see cref="Stopped"/>: too many problems), there are at least <see cref="Count"/> in the lines read.
/// </summary>
public sealed class ImportRejectedException(IReadOnlyList<ImportError> errors, int count, int lines, bool stopped)
    : Exception(stopped
        ? $"The file was not imported: at least {count} problem(s) in its first {lines} line(s); checking stopped there, the file is wrong throughout. Nothing was written."
        : $"The file was not imported: {count} problem(s) in {lines} line(s). Nothing was written.")
{
    public IReadOnlyList<ImportError> Errors { get; } = errors;
    public int Count { get; } = count;
    public bool Stopped { get; } = stopped;
}

/// <summary>Another writer appended to a stream while the import was appending; what was appended stays, and re-running skips it.</summary>
public sealed class ImportInterruptedException(string message, Exception inner) : Exception(message, inner);
