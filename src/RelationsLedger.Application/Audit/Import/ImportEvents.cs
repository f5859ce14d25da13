using MediatR;

namespace RelationsLedger.Application.Audit.Import;

/// <summary>
/// Reads an NDJSON export (docs/audit.md) and records its events through the same validation and
/// decisions as the commands. The whole file is checked first — every line, then each
/// relationship's timeline simulated in memory — and nothing is written unless all of it passes.
/// Events already in the store (same id, same content) are skipped, so re-importing adds nothing.
/// </summary>
/// <param name="Length">The input's length in bytes when known, for progress.</param>
public sealed record ImportEvents(Stream Input, long? Length = null, IProgress<ImportProgress>? Progress = null) : IRequest<ImportResult>
{
    /// <summary>
    /// How many events one transaction of the appends holds on a store that appends across streams in one transaction (the
    /// embedded store): an interrupted import keeps whole transactions. For tests, which stop imports of a few thousand events
    /// between two transactions (the CLI takes it from <c>LEDGER_IMPORT_BATCH_SIZE</c>, <see cref="BatchSizeVariable"/>); users
    /// have the default, <see cref="ImportEventsHandler.BatchSize"/>.
    /// </summary>
    public int BatchSize { get; init; } = ImportEventsHandler.BatchSize;

    /// <summary>The environment variable a test sets to give a <c>ledger import</c> process its <see cref="BatchSize"/>.</summary>
    public const string BatchSizeVariable = "LEDGER_IMPORT_BATCH_SIZE";
}
