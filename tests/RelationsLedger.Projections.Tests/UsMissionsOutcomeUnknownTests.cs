using MediatR;
using Microsoft.Extensions.DependencyInjection;
using RelationsLedger.Application.Commands.Recording;
using RelationsLedger.Application.Storage;
using RelationsLedger.Hosting;
using RelationsLedger.Import.UsMissions;
using RelationsLedger.Store.Sqlite;

namespace RelationsLedger.Projections.Tests;

/// <summary>
/// <c>import-us-missions</c> when its first append is recorded but its answer lost (a KurrentDB node that wrote it and died before
/// answering: the store's failure of unknown outcome, whose words since round 57 say only that). The import says what to do —
/// run it again — and the run again records the rest, the first recognised. Before round 57 a failure of the first command
/// reached the user as the store's words alone, which told them to retry "with the same command id", one the import never
/// shows. On the real embedded store; only the answer is lost.
/// </summary>
public sealed class UsMissionsOutcomeUnknownTests
{
    [Fact]
    public async Task A_first_append_of_unknown_outcome_says_to_run_the_import_again_and_the_run_again_records_it_once()
    {
        using var folder = new TempFolder();
        await using var store = new AnswerLosingStore(await SqliteEventStore.OpenAsync(folder.File("ledger.db")));
        await using var services = LedgerServices.Build(store, folder.File("ledger.projections.db"));
        IReadOnlyList<MissionTransition> transitions;
        using (var reader = new StreamReader(Path.Combine(SharedData.Folder("us-missions"), "transitions.csv")))
            transitions = UsMissionsImport.Read(reader, "transitions.csv").Take(20).ToList();
        async Task<UsMissionsImportResult> RunAsync()
        {
            using var scope = services.CreateScope();
            return await UsMissionsImport.RunAsync(scope.ServiceProvider.GetRequiredService<IMediator>(),
                scope.ServiceProvider.GetRequiredService<CommandValidators>(), transitions, "transitions.csv", null, default);
        }

        store.LoseNextAnswer = true;
        var stopped = await Assert.ThrowsAsync<StoreUnavailableException>(RunAsync);

        Assert.True(stopped.OutcomeUnknown);
        Assert.Contains("after recording 0 of", stopped.Message, StringComparison.Ordinal);
        Assert.Contains("may or may not have been recorded. Run it again once the store can be written", stopped.Message, StringComparison.Ordinal);
        var again = await RunAsync();
        Assert.Equal(1, again.AlreadyRecorded);
        Assert.Equal(again.Recorded + 1 + again.Skipped.Count, transitions.Count);
    }

    /// <summary>Appends, and then answers as a node that wrote the events and died before answering.</summary>
    private sealed class AnswerLosingStore(SqliteEventStore inner) : DelegatingStore(inner)
    {
        public bool LoseNextAnswer { get; set; }

        public override async Task<AppendResult> AppendAsync(string stream, ExpectedRevision expected, IReadOnlyList<EventData> events, CancellationToken ct = default)
        {
            var result = await base.AppendAsync(stream, expected, events, ct);
            if (!LoseNextAnswer) return result;
            LoseNextAnswer = false;
            throw new StoreUnavailableException($"the test's store did not answer while appending to stream '{stream}': the outcome is unknown, " +
                "the events may or may not have been recorded.") { OutcomeUnknown = true };
        }
    }
}
