using Microsoft.Data.Sqlite;
using RelationsLedger.Application.Queries;
using RelationsLedger.Application.Storage;
using RelationsLedger.Projections.Relationships;
using RelationsLedger.Projections.Runner;

namespace RelationsLedger.Projections.Queries;

/// <summary>
/// The read model as the query handlers see it. Before answering, a handler catches the read model
/// up to the end of the log (so a CLI user reads what was just recorded). When the projection is
/// stopped on an event it cannot apply, or its file cannot be written (a full disk), the answer still
/// comes — from the events projected so far — and says how far behind it is and why, instead of
/// failing the question.
/// </summary>
public sealed class ReadModel(ProjectionRunner runner, ProjectionOptions options, CatchUpReporting reporting)
{
    public ReadModelDatabase Database => runner.Database;

    /// <summary>The current rows of the relationships asked about, held for the next questions (<see cref="CurrentRows"/>).</summary>
    internal CurrentRows Current { get; } = new();

    /// <summary>
    /// The freshness of an answer across relationships, with the events it leaves out: those passed over as not the ledger's
    /// in the relationships of <paramref name="party"/> (every relationship: null), so that no one takes it for a clean ledger's.
    /// </summary>
    public static ReadModelFreshness NamingPassedOver(ReadModelFreshness freshness, SqliteConnection connection, string? party) =>
        freshness with { PassedOver = PassedOver.In(connection, party) };

    /// <summary>
    /// Catches up (<see cref="EnsureCurrentAsync"/>), then opens the snapshot an answer is read from, at the position it names: on
    /// the connection the catch-up checked with when it hands one over, else on one of its own.
    /// </summary>
    public async Task<ReadModelSnapshot> SnapshotAsync(CancellationToken ct)
    {
        var (freshness, held) = await EnsureCurrentAsync(ct);
        return ReadModelSnapshot.Open(Database, runner.Projection.Name, runner.Projection.Version, freshness, held);
    }

    /// <summary>
    /// Catches the read model up to the log's head when questions catch up, else says how far the live runner has it; the
    /// freshness says what the answer may lack. Only <see cref="SnapshotAsync"/> calls it: an answer read outside the snapshot
    /// could hold events past the position it names. With it, the connection the catch-up handed over (null: none).
    /// </summary>
    private async Task<(ReadModelFreshness, SqliteConnection?)> EnsureCurrentAsync(CancellationToken ct)
    {
        if (options.CatchUpBeforeQuery)
        {
            Checkpoint caughtUp;
            SqliteConnection? held;
            using var waiting = CancellationTokenSource.CreateLinkedTokenSource(ct);
            if (options.QueryWaitsAtMost is { } most) waiting.CancelAfter(most);
            try
            {
                (_, caughtUp, held) = await runner.CaughtUpAsync(reporting.Progress, waiting.Token);
            }
            catch (Exception) when (waiting.IsCancellationRequested && !ct.IsCancellationRequested)
            {
                // The wait ran out (a store call, or the live runner's batch or first load before it, still running): answered
                // from the read model as it stands, saying so, rather than after every call's deadline. The batch the
                // catch-up was applying, if any, is rolled back whole; the live runner goes on catching up. The message
                // names every cause, not only the store's: on the embedded store it is a long log's first load.
                var wait = $"{options.QueryWaitsAtMost!.Value.TotalSeconds:0.###} s";
                // A read model that holds nothing yet is not asked, as one that cannot be written is not (below): an empty
                // answer would read as a relationship with no history, not as one the read model has not reached.
                var since = runner.ReadCheckpoint().Position?.ToString() ?? throw new ReadModelUnavailableException(
                    $"The read model holds nothing yet: its first catch-up with the event store did not end within {wait} " +
                    "(a long log's first load, or a store that does not answer); it goes on by itself: ask again in a while.") { HoldsNothingYet = true };
                return (ReadModelFreshness.BehindUnknown(runner.Projection.Name, since,
                    $"The read model could not catch up with the event store within {wait} " +
                    "(a KurrentDB cluster electing a leader, a node overloaded or cut off, or a live projection's batch still running), " +
                    $"so events recorded since {since} may be missing; the read model goes on catching up by itself: " +
                    "ask again for a current answer."), null);
            }
            catch (ProjectionFailedException failed)
            {
                var status = await runner.StatusAsync(ct);
                return (new(runner.Projection.Name, status.Position ?? "start", status.Behind, failed.Message), null);
            }
            catch (ReadModelUnavailableException unwritable) when (unwritable.StillAnswers)
            {
                // This log's read model, only behind (its disk is full, say): answered from what it holds, saying so. An empty
                // one, or one of another log, is not asked: the question fails with the reason instead.
                var status = await runner.StatusAsync(ct);
                return (new(runner.Projection.Name, status.Position ?? "start", status.Behind, unwritable.Message), null);
            }
            catch (StoreUnavailableException unavailable)
            {
                // The read model is local and still answers while the event store cannot be reached (a cluster that
                // lost its quorum, a network cut): how far behind it is cannot be told, and the answer says so. The checkpoint
                // is read once: the answer's position and its message name the same one.
                var since = runner.ReadCheckpoint().Position?.ToString();
                return (ReadModelFreshness.BehindUnknown(runner.Projection.Name, since ?? "start",
                    $"The event store cannot be reached, so events recorded since {since ?? "the start"} may be missing: {unavailable.Message}"), null);
            }
            return (new(runner.Projection.Name, caughtUp.Position?.ToString() ?? "start", 0, null), held);
        }
        // Not catching up (a live runner keeps it current): the answer says when the read model is not of this log until the runner makes it again.
        var s = await runner.StatusAsync(ct);
        return (new(runner.Projection.Name, s.Position ?? "start", s.Behind,
            s.Failure?.Message ?? (s.Diverged is { } why ? $"The read model is not of this log and is being made again: {why}." : null)), null);
    }
}
