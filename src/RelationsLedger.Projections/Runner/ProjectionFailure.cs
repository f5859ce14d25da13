using Microsoft.Data.Sqlite;
using RelationsLedger.Application.Storage;

namespace RelationsLedger.Projections.Runner;

/// <summary>The event a projection stopped on and why. Stored, so that <c>status</c> can tell in another process.</summary>
public sealed record ProjectionFailure(Guid EventId, string Stream, string Position, string Message);
