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
