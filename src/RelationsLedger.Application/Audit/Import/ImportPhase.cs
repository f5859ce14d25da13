using MediatR;

namespace RelationsLedger.Application.Audit.Import;

public enum ImportPhase { Checking, Appending }
