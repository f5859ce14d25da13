using RelationsLedger.Application.Audit.Export;
using RelationsLedger.Application.Audit.Import;
using RelationsLedger.Application.Audit.Verify;
using RelationsLedger.Application.Commands.Batch;
using RelationsLedger.Application.Commands.Designations;
using RelationsLedger.Application.Commands.Recording;
using RelationsLedger.Application.Queries.AsOf;
using RelationsLedger.Cli.Output;

namespace RelationsLedger.Audit.Tests.Transfer;

/// <summary>
/// A batch decides its items on a relationship together: an on/off pair back-filled into a history is consistent only
/// as a whole, each of its events alone is refused. Its export must import, and the ledger must verify, as it was
/// recorded. Before, the import refused the export of this very ledger ("it would contradict DesignationRemoved …"),
/// found by deciding recorded events again in <c>verify</c>.
/// </summary>
public sealed class BatchRoundTripTests : IAsyncLifetime
{
    private readonly TempFolder _folder = new();
    private TestLedger _ledger = null!;

    public async Task InitializeAsync()
    {
        _ledger = await TestLedger.OpenAsync(_folder.File("ledger.db"));
        await _ledger.Send(Designation(new ImposeDesignation("RU", "taliban", "L", "A"), "2003-02-14"));
        await _ledger.Send(Designation(new RemoveDesignation("RU", "taliban", "L", "A"), "2021-01-01"));
    }

    public async Task DisposeAsync()
    {
        await _ledger.DisposeAsync();
        _folder.Dispose();
    }

    private static RecordCommand Designation(RecordCommand command, string effective) => TestLedger.Sourced(command with { CommandId = Guid.NewGuid() }, effective);

    /// <summary>Delisted in 2009 and listed again in 2010: either alone contradicts the removal of 2021 or the listing of 2003.</summary>
    private static RecordBatch Pair(Guid? correlation = null) => new(
    [
        new("commands[0]", Designation(new RemoveDesignation("RU", "taliban", "L", "A"), "2009-01-01")),
        new("commands[1]", Designation(new ImposeDesignation("RU", "taliban", "L", "A"), "2010-01-01")),
    ], correlation);

    private async Task<MemoryStream> ExportAsync()
    {
        var export = new MemoryStream();
        await _ledger.Send(new ExportEvents(export));
        export.Position = 0;
        return export;
    }

    [Fact]
    public async Task Each_event_of_the_pair_alone_is_refused_by_the_commands()
    {
        await Assert.ThrowsAsync<CommandRefusedException>(() => _ledger.Send(Pair().Items[0].Command));
        await Assert.ThrowsAsync<CommandRefusedException>(() => _ledger.Send(Pair().Items[1].Command));
    }

    [Fact]
    public async Task A_pair_recorded_as_one_batch_verifies_exports_and_imports_with_the_same_answers()
    {
        var recorded = await _ledger.Send(Pair());
        Assert.All(recorded.Items, i => Assert.False(i.AlreadyRecorded));
        var verified = await _ledger.Send(new VerifyLedger());
        Assert.True(verified.Ok, string.Join("\n", verified.Findings));

        await using var copy = await TestLedger.OpenAsync(_folder.File("copy.db"));
        var result = await copy.Send(new ImportEvents(await ExportAsync()));
        Assert.Equal((5, 4, true), (result.Lines, result.Imported, result.EndLine)); // four events and the end line
        Assert.True((await copy.Send(new VerifyLedger())).Ok);
        foreach (var day in new[] { "2008-12-31", "2009-06-01", "2010-06-01", "2021-06-01" })
            Assert.Equal(Json.Write(await _ledger.Send(new GetRelationshipState("RU", "taliban", day))),
                Json.Write(await copy.Send(new GetRelationshipState("RU", "taliban", day))));
    }

    [Fact]
    public async Task A_batch_with_its_own_correlation_id_is_decided_together_again_too()
    {
        await _ledger.Send(Pair(Guid.NewGuid()));
        await using var copy = await TestLedger.OpenAsync(_folder.File("copy.db"));
        Assert.Equal(4, (await copy.Send(new ImportEvents(await ExportAsync()))).Imported);
    }

    /// <summary>The pair with a correlation id of its own for each item (a client tying each to its own upstream request).</summary>
    private static RecordBatch PairWithOwnCorrelations(Guid? shared = null)
    {
        var pair = Pair();
        return pair with { Items = [.. pair.Items.Select(i => i with { Command = i.Command with { CorrelationId = shared ?? Guid.NewGuid() } })] };
    }

    [Fact]
    public async Task A_pair_whose_items_name_correlation_ids_of_their_own_is_refused_naming_the_field_and_nothing_is_recorded()
    {
        // Recorded before: verify then named the pair's removal REFUSED and the ledger's own export did not import.
        var before = (await _ledger.RowsAsync()).Count;
        var refused = await Assert.ThrowsAsync<FluentValidation.ValidationException>(() => _ledger.Send(PairWithOwnCorrelations()));
        var error = Assert.Single(refused.Errors);
        Assert.Equal("commands[0].correlationId", error.PropertyName);
        Assert.Contains("one correlation id, or none of their own", error.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal(before, (await _ledger.RowsAsync()).Count);
        Assert.True((await _ledger.Send(new VerifyLedger())).Ok);
    }

    [Fact]
    public async Task A_pair_whose_items_share_one_correlation_id_of_their_own_verifies_and_imports()
    {
        await _ledger.Send(PairWithOwnCorrelations(Guid.NewGuid()));
        var verified = await _ledger.Send(new VerifyLedger());
        Assert.True(verified.Ok, string.Join("\n", verified.Findings));
        await using var copy = await TestLedger.OpenAsync(_folder.File("copy.db"));
        Assert.Equal(4, (await copy.Send(new ImportEvents(await ExportAsync()))).Imported);
    }

    [Fact]
    public async Task A_batch_refused_as_a_whole_is_refused_for_its_conflict_not_for_its_correlation_ids()
    {
        // Listed again in 2005 while the 2003 listing is in force: refused together as alone. The refusal names the conflict
        // (409, exit 3), as it did before the correlation-id check; that check is for batches the whole decision accepts.
        var batch = new RecordBatch(
        [
            new("commands[0]", Designation(new ImposeDesignation("RU", "taliban", "L", "A"), "2005-01-01") with { CorrelationId = Guid.NewGuid() }),
            new("commands[1]", Designation(new ImposeDesignation("RU", "taliban", "Other list", "A"), "2006-01-01") with { CorrelationId = Guid.NewGuid() }),
        ]);
        var refused = await Assert.ThrowsAsync<BatchRefusedException>(() => _ledger.Send(batch));
        Assert.Equal("commands[0]", Assert.Single(refused.Refused).Item);
    }

    [Fact]
    public async Task Items_each_consistent_alone_may_name_correlation_ids_of_their_own()
    {
        var own = new RecordBatch(
        [
            new("commands[0]", Designation(new ImposeDesignation("RU", "taliban", "L", "A"), "2022-01-01") with { CorrelationId = Guid.NewGuid() }),
            new("commands[1]", Designation(new RemoveDesignation("RU", "taliban", "L", "A"), "2023-01-01") with { CorrelationId = Guid.NewGuid() }),
        ]);
        Assert.Equal(2, (await _ledger.Send(own)).Items.Count(i => !i.AlreadyRecorded));
        Assert.True((await _ledger.Send(new VerifyLedger())).Ok);
    }

    [Fact]
    public async Task Half_of_the_pair_is_refused_on_import_and_nothing_is_written()
    {
        // The removal of 2009 without the listing of 2010 that the batch recorded with it: the run ends with the file.
        await _ledger.Send(Pair());
        var lines = ExportText.EventLines(new StreamReader(await ExportAsync()).ReadToEnd());
        await using var copy = await TestLedger.OpenAsync(_folder.File("copy.db"));
        using var half = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(string.Join('\n', lines.Take(3))));
        var refused = await Assert.ThrowsAsync<ImportRejectedException>(() => copy.Send(new ImportEvents(half)));
        var error = Assert.Single(refused.Errors);
        Assert.Equal((3, "data"), (error.Line, error.Field));
        Assert.Contains("DesignationRemoved refused", error.Message, StringComparison.Ordinal);
        Assert.Empty(await copy.RowsAsync());
    }

    /// <summary>
    /// Found by the widened property (GeneratedHistoriesProperty; seeds 134 and 145 of RELATIONSLEDGER_PROPERTY_SEEDS=1-300
    /// fail without the fix): a batch decides its items on a relationship
    /// together, but verify and the import decide an event again together only with the events after it that share its
    /// correlation id. A batch item that gives its own correlation id is split off: the pair below was recorded, then
    /// <c>ledger verify</c> named the removal of 2009 REFUSED and the import refused the ledger's own export. The batch is
    /// refused now (naming the item's correlationId and the ids), and the same pair without the item's own id is recorded and verifies.
    /// </summary>
    [Fact]
    public async Task A_pair_split_by_an_items_own_correlation_id_is_refused_rather_than_recorded_unverifiable()
    {
        var pair = Pair();
        var split = pair with { Items = [pair.Items[0], pair.Items[1] with { Command = pair.Items[1].Command with { CorrelationId = Guid.NewGuid() } }] };
        var refused = await Assert.ThrowsAsync<FluentValidation.ValidationException>(() => _ledger.Send(split));
        var error = Assert.Single(refused.Errors);
        Assert.Equal("commands[0].correlationId", error.PropertyName);
        Assert.Contains("they carry different correlation ids", error.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal(2, (await _ledger.AllEvents()).Count);

        await _ledger.Send(pair);
        var verified = await _ledger.Send(new VerifyLedger());
        Assert.True(verified.Ok, string.Join("\n", verified.Findings));
    }

    /// <summary>Items may still give correlation ids of their own when each is consistent decided apart, as verify decides it.</summary>
    [Fact]
    public async Task Items_with_their_own_correlation_ids_are_recorded_when_each_holds_apart()
    {
        var batch = new RecordBatch(
        [
            new("commands[0]", Designation(new ImposeDesignation("RU", "taliban", "Other list", "A"), "2004-01-01") with { CorrelationId = Guid.NewGuid() }),
            new("commands[1]", Designation(new RemoveDesignation("RU", "taliban", "Other list", "A"), "2005-01-01")),
        ]);
        Assert.Equal(2, (await _ledger.Send(batch)).Items.Count(i => !i.AlreadyRecorded));
        var verified = await _ledger.Send(new VerifyLedger());
        Assert.True(verified.Ok, string.Join("\n", verified.Findings));
    }
}
