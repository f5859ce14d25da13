using Microsoft.Data.Sqlite;
using RelationsLedger.Application.Storage;

namespace RelationsLedger.Projections.Runner;

/// <summary>The connection and open transaction a batch of events is applied in.</summary>
public sealed record ProjectionBatch(SqliteConnection Connection, SqliteTransaction Transaction, IEventStore Store);
