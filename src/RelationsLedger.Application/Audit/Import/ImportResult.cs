using MediatR;

namespace RelationsLedger.Application.Audit.Import;

public sealed record ImportResult(int Lines, int Imported, int AlreadyPresent, int Streams);
