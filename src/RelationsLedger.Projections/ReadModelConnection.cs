using System.Data;
using Microsoft.Data.Sqlite;

namespace RelationsLedger.Projections;

/// <summary>
/// A connection to a read-model file that says when it is about to close. Native statements prepared on
/// its handle (the row writer's) must be finalized while the handle is still this connection's:
/// Microsoft.Data.Sqlite raises <see cref="System.Data.Common.DbConnection.StateChange"/> only after it has
/// let go of the handle — back in the pool, where another thread may already be using it, or closed, where
/// an unfinalized statement keeps it alive as a zombie still holding the file.
/// </summary>
internal sealed class ReadModelConnection(string connectionString) : SqliteConnection(connectionString)
{
    /// <summary>Raised by <see cref="Close"/> (and so by <see cref="IDisposable.Dispose"/>) of an open connection, before the handle is released.</summary>
    public event Action? Closing;

    public override void Close()
    {
        if (State == ConnectionState.Open) Closing?.Invoke();
        base.Close();
    }
}
