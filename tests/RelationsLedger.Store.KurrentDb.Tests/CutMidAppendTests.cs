using System.Text;
using RelationsLedger.Application.Commands.Batch;
using RelationsLedger.Application.Commands.Cooperation;
using RelationsLedger.Application.Commands.Recording;
using RelationsLedger.Domain.Parties;

namespace RelationsLedger.Store.KurrentDb.Tests;

/// <summary>
/// The server's connection reset while an append is in flight — as when the node is killed mid-call: the store cannot know
/// whether the events were recorded, and nothing the ledger says may claim they were not. The proxy cuts the connection the
/// moment the ledger sends a text only that append's event holds, so the request never reaches the server; the ledger cannot
/// tell this from a node that wrote the events and died before answering. Skipped (never passed) without
/// KURRENTDB_CONNECTION_STRING; parties of its own.
/// </summary>
public sealed class CutMidAppendTests
{
    private static string Party() => $"k{Guid.NewGuid():N}"[..14];

    [SkippableFact]
    public async Task A_batch_part_cut_in_flight_is_said_to_be_maybe_recorded_not_to_hold_nothing_and_the_same_batch_again_completes_it()
    {
        var settings = ServerUnderTest.RequireOneInsecureNode();
        await using var proxy = new TcpProxy(settings.Hosts[0].Host, settings.Hosts[0].Port);
        await using var ledger = await TestLedger.OpenAsync($"esdb://127.0.0.1:{proxy.Port}?tls=false");
        var (a, b, c) = (Party(), Party(), Party());
        var marker = $"cut-{Guid.NewGuid():N}";
        var batch = new RecordBatch(
        [
            new BatchItem("commands[0]", TestLedger.Sourced(new MakeStatement(a, b, "Spokesperson", "neutral", "The first part."), "2024")),
            new BatchItem("commands[1]", TestLedger.Sourced(new MakeStatement(a, c, "Spokesperson", "neutral", $"The second part, {marker}."), "2024")),
        ], Guid.NewGuid());

        proxy.CutOnceWhenSent(Encoding.UTF8.GetBytes(marker));
        var partly = await Assert.ThrowsAsync<BatchPartlyRecordedException>(() => ledger.Send(batch));

        Assert.Equal([RelationshipKey.Of(a, b).StreamName], partly.RecordedStreams);
        Assert.Equal(RelationshipKey.Of(a, c).StreamName, partly.FailedStream);
        Assert.DoesNotContain("so it and the relationships after it hold nothing", partly.Message, StringComparison.Ordinal);
        Assert.Contains($"{RelationshipKey.Of(a, c).StreamName} may or may not hold its part", partly.Message, StringComparison.Ordinal);

        var again = await ledger.Send(batch);
        Assert.Equal([true, false], again.Items.Select(i => i.AlreadyRecorded));
        Assert.Single(await ledger.EventsAsync(RelationshipKey.Of(a, c).StreamName));
    }
}
