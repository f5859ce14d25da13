using MediatR;

namespace RelationsLedger.Application.Audit.Import;

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
