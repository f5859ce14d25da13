using MediatR;

namespace RelationsLedger.Application.Audit.Import;

/// <summary>Another writer appended to a stream while the import was appending; what was appended stays, and re-running skips it.</summary>
public sealed class ImportInterruptedException(string message, Exception inner) : Exception(message, inner);
