using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using FeedConsumer;
using RelationsLedger.Application.Storage;
using RelationsLedger.Domain.Parties;
using RelationsLedger.Store.KurrentDb;

namespace RelationsLedger.Api.Tests;

/// <summary>
/// An event that is not the ledger's — appended to a relationship's stream by another client of the store, with JSON
/// data and no envelope — in every path that reads it: the CLI's history, audit and commands, and the API's questions
/// and feed. Before, each failed with "unexpected error: JsonException" (exit 1, 500) and the feed stopped at it for
/// good. Run on both stores (the live KurrentDB one only with KURRENTDB_CONNECTION_STRING); each run uses parties of its own.
/// </summary>
public abstract class ForeignEventTests : IAsyncLifetime
{
    private readonly string _a = $"fe-{Guid.NewGuid():N}"[..16], _b = $"fe-{Guid.NewGuid():N}"[..16];
    private string Stream => RelationshipKey.Of(_a, _b).StreamName;

    protected ApiServer Server { get; private set; } = null!;

    /// <summary>The <c>--store</c> the CLI is given for the server's store.</summary>
    protected abstract string StoreArgument { get; }

    protected abstract Task<ApiServer> StartAsync();

    public async Task InitializeAsync() => Server = await StartAsync();

    public async Task DisposeAsync()
    {
        if (Server is { } server) await server.DisposeAsync();
    }

    /// <summary>Only keeps a broken build from hanging the run: a feed over a long log shared with other suites may take its time.</summary>
    private static CancellationTokenSource Guard() => new(TimeSpan.FromMinutes(3));

    /// <summary>One ledger event at revision 0, then a foreign one at revision 1 as another client writes it; the foreign one's position.</summary>
    private async Task<(string First, RecordedEvent Foreign)> RecordThenAppendForeignAsync()
    {
        using var established = await Server.RecordAsync("establish-relations",
            new { partyA = _a, partyB = _b, effectiveDate = "1950", recordedBy = "analyst", sources = Bodies.Sources });
        var first = (string)(await established.ReadJsonAsync(HttpStatusCode.Created))["globalPosition"]!;
        await Server.Store.AppendAsync(Stream, ExpectedRevision.Any,
            [new EventData(Guid.NewGuid(), "RelationsSevered", Encoding.UTF8.GetBytes($$"""{"partyA":"{{_a}}","partyB":"{{_b}}"}"""), ReadOnlyMemory<byte>.Empty)]);
        var foreign = await Server.Store.ReadStreamAsync(Stream, ReadDirection.Forwards, 1, 1).SingleAsync();
        return (first, foreign);
    }

    private void NamesTheForeignEvent(string text, RecordedEvent foreign)
    {
        Assert.Contains(Stream, text, StringComparison.Ordinal);
        Assert.Contains("revision 1", text, StringComparison.Ordinal);
        Assert.Contains($"position {foreign.Position}", text, StringComparison.Ordinal);
        Assert.Contains("its envelope cannot be read", text, StringComparison.Ordinal);
        Assert.Contains("ledger verify", text, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task The_CLI_names_the_foreign_event_with_exit_code_5_and_records_nothing()
    {
        var (_, foreign) = await RecordThenAppendForeignAsync();
        foreach (var command in new[] { "history", "audit" })
        {
            var result = await LedgerCli.RunAsync("--store", StoreArgument, command, _a, _b);
            Assert.True(result.ExitCode == 5, $"{command}: exit {result.ExitCode}: {result.Error}");
            NamesTheForeignEvent(result.Error, foreign);
            Assert.DoesNotContain("unexpected error", result.Error, StringComparison.Ordinal);
        }
        var record = await LedgerCli.RunAsync("--store", StoreArgument, "record", "open-mission", "--actor", _a, "--counterpart", _b,
            "--level", "embassy", "--on", "1951", "--source", "publisher=Reuters;title=x;published=2020");
        Assert.True(record.ExitCode == 5, $"record: exit {record.ExitCode}: {record.Error}");
        NamesTheForeignEvent(record.Error, foreign);
        Assert.Contains("Nothing was recorded", record.Error, StringComparison.Ordinal);
        Assert.Equal(2, await Server.Store.ReadStreamAsync(Stream, ReadDirection.Forwards, null, long.MaxValue).CountAsync());
    }

    [SkippableFact]
    public async Task The_API_answers_a_409_ledger_tampered_naming_the_foreign_event_and_records_nothing()
    {
        var (_, foreign) = await RecordThenAppendForeignAsync();
        foreach (var path in new[] { $"/relationships/{_a}/{_b}/history", $"/relationships/{_a}/{_b}/audit" })
        {
            using var response = await Server.Reader.GetAsync(path);
            var problem = await response.ReadJsonAsync(HttpStatusCode.Conflict);
            Assert.Equal("urn:relationsledger:problem:ledger-tampered", (string?)problem["type"]);
            NamesTheForeignEvent(problem.ToJsonString(), foreign);
        }
        using (var refused = await Server.RecordAsync("open-mission", new { actor = _a, counterpart = _b, level = "embassy", effectiveDate = "1951", recordedBy = "analyst", sources = Bodies.Sources }))
        {
            var problem = await refused.ReadJsonAsync(HttpStatusCode.Conflict);
            Assert.Equal("urn:relationsledger:problem:ledger-tampered", (string?)problem["type"]);
            Assert.Contains("Nothing was recorded", (string?)problem["detail"], StringComparison.Ordinal);
        }
        Assert.Equal(2, await Server.Store.ReadStreamAsync(Stream, ReadDirection.Forwards, null, long.MaxValue).CountAsync());
    }

    /// <summary>A relationship of the same party, recorded after the foreign event: its questions go on being answered.</summary>
    private async Task<string> RecordAnotherRelationshipAsync()
    {
        var other = $"fe-{Guid.NewGuid():N}"[..16];
        using var made = await Server.RecordAsync("make-statement", Bodies.Statement(_a, other, "after the foreign event", "1960"));
        await made.ReadJsonAsync(HttpStatusCode.Created);
        return other;
    }

    /// <summary>An answer's <c>readModel</c> across relationships: current, and naming the foreign event as the one it leaves out.</summary>
    private static void NamesThePassedOverEvent(JsonNode readModel, RecordedEvent foreign)
    {
        Assert.True((bool)readModel["isCurrent"]!, readModel.ToJsonString());
        Assert.Null(readModel["failure"]);
        Assert.Equal(1, (long)readModel["passedOver"]!["count"]!);
        var named = readModel["passedOver"]!["events"]!.AsArray().Single()!;
        Assert.Equal((foreign.Position.ToString(), foreign.EventId.ToString("D"), "RelationsSevered", foreign.Stream, 1UL),
            ((string?)named["position"], (string?)named["eventId"], (string?)named["type"], (string?)named["stream"], (ulong)named["revision"]!));
        Assert.StartsWith("its envelope cannot be read", (string?)named["unreadable"], StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task The_CLI_refuses_the_state_of_the_relationship_and_answers_across_naming_the_passed_over_event()
    {
        // Before: the read model stopped on the foreign event; state answered it from the frozen read model (exit 0) with a
        // warning that the projection had stopped, and so did every other question, about every relationship.
        var (_, foreign) = await RecordThenAppendForeignAsync();
        var other = await RecordAnotherRelationshipAsync();

        var state = await LedgerCli.RunAsync("--store", StoreArgument, "state", _a, _b, "--as-of", "2000-01-01");
        Assert.True(state.ExitCode == 5, $"state: exit {state.ExitCode}: {state.Out}{state.Error}");
        NamesTheForeignEvent(state.Error, foreign);
        var stateJson = await LedgerCli.RunAsync("--store", StoreArgument, "state", _a, _b, "--as-of", "2000-01-01", "--json");
        Assert.Equal(5, stateJson.ExitCode);
        var problem = JsonNode.Parse(stateJson.Error)!;
        Assert.Equal("urn:relationsledger:problem:ledger-tampered", (string?)problem["type"]);
        NamesTheForeignEvent(problem.ToJsonString(), foreign);

        var otherState = await LedgerCli.RunAsync("--store", StoreArgument, "state", _a, other, "--as-of", "2000-01-01", "--json");
        Assert.True(otherState.ExitCode == 0, otherState.Error);
        var current = JsonNode.Parse(otherState.Out)!["readModel"]!;
        Assert.True((bool)current["isCurrent"]!, current.ToJsonString());
        Assert.Null(current["passedOver"]);

        var across = await LedgerCli.RunAsync("--store", StoreArgument, "designations-by", _a, "--as-of", "2000-01-01");
        Assert.True(across.ExitCode == 0, across.Error);
        Assert.Contains("leaves out 1 event(s) that are not the ledger's", across.Out, StringComparison.Ordinal);
        Assert.Contains($"{Stream} revision 1, event {foreign.EventId}", across.Out, StringComparison.Ordinal);
        Assert.Contains("Run 'ledger verify'", across.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("behind the log", across.Out, StringComparison.Ordinal);
        var acrossJson = await LedgerCli.RunAsync("--store", StoreArgument, "designations-by", _a, "--as-of", "2000-01-01", "--json");
        Assert.True(acrossJson.ExitCode == 0, acrossJson.Error);
        NamesThePassedOverEvent(JsonNode.Parse(acrossJson.Out)!["readModel"]!, foreign);

        // An operator's view: the status says that events were passed over (a server shared with other tests may hold theirs too).
        var status = await LedgerCli.RunAsync("--store", StoreArgument, "projections", "status", "--json");
        Assert.True(status.ExitCode == 0, status.Error);
        Assert.True((long)JsonNode.Parse(status.Out)![0]!["passedOver"]! >= 1, status.Out);
        var table = await LedgerCli.RunAsync("--store", StoreArgument, "projections", "status");
        Assert.Contains("event(s) that are not the ledger's", table.Out, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task The_API_refuses_the_state_of_the_relationship_and_answers_across_naming_the_passed_over_event()
    {
        var (_, foreign) = await RecordThenAppendForeignAsync();
        var other = await RecordAnotherRelationshipAsync();
        // Current at the other relationship's event, whatever the length of the log before it (a first load on a node other
        // suites filled outlasted the questions' own 5 s in round 52); the answers must then say current themselves.
        await Server.ReadModelCurrentAsync();

        using (var response = await Server.Reader.GetAsync($"/relationships/{_a}/{_b}/state?asOf=2000-01-01"))
        {
            var problem = await response.ReadJsonAsync(HttpStatusCode.Conflict);
            Assert.Equal("urn:relationsledger:problem:ledger-tampered", (string?)problem["type"]);
            NamesTheForeignEvent(problem.ToJsonString(), foreign);
        }
        var otherState = await Server.GetJsonAsync($"/relationships/{_a}/{other}/state?asOf=2000-01-01");
        Assert.True((bool)otherState["readModel"]!["isCurrent"]!, otherState["readModel"]!.ToJsonString());
        Assert.Null(otherState["readModel"]!["passedOver"]);

        NamesThePassedOverEvent((await Server.GetJsonAsync($"/parties/{_a}/designations-by?asOf=2000-01-01"))["readModel"]!, foreign);
        NamesThePassedOverEvent((await Server.GetJsonAsync($"/parties/{_a}/relationships"))["readModel"]!, foreign);
        using var panel = await Server.Reader.GetAsync($"/panel?from=1950&to=1961&party={_a}");
        Assert.Equal(HttpStatusCode.OK, panel.StatusCode);
        Assert.Equal("1", panel.Headers.GetValues("X-Read-Model-Passed-Over").Single());
        Assert.Equal("0", panel.Headers.GetValues("X-Read-Model-Behind").Single());
    }

    /// <summary>What a feed consumer is given for the foreign event: where it is, why it is not the ledger's, and its bytes as an export writes them.</summary>
    private void IsTheForeignEventRaw(JsonNode item, RecordedEvent foreign)
    {
        Assert.Equal(foreign.Position.ToString(), (string?)item["position"]);
        Assert.Equal(foreign.EventId.ToString("D"), (string?)item["eventId"]);
        Assert.Equal(("RelationsSevered", Stream, 1UL), ((string?)item["type"], (string?)item["stream"], (ulong)item["revision"]!));
        Assert.StartsWith("its envelope cannot be read", (string?)item["unreadable"]);
        Assert.Equal(_a, (string?)item["data"]!["partyA"]);
        Assert.Equal("", Encoding.UTF8.GetString(Convert.FromBase64String((string)item["metadataBase64"]!)));
        Assert.Null(item["hash"]);
    }

    [SkippableFact]
    public async Task The_feed_delivers_the_foreign_event_raw_in_pages_and_in_the_stream_and_goes_on_after_it()
    {
        var (first, foreign) = await RecordThenAppendForeignAsync();
        using var later = await Server.RecordAsync("make-statement", Bodies.Statement(_b, $"fe-{Guid.NewGuid():N}"[..16], "after the foreign event"));
        var laterPosition = (string)(await later.ReadJsonAsync(HttpStatusCode.Created))["globalPosition"]!;

        var relationship = await Server.GetJsonAsync($"/relationships/{_a}/{_b}/events");
        Assert.Equal(2, relationship["events"]!.AsArray().Count);
        IsTheForeignEventRaw(relationship["events"]![1]!, foreign);
        IsTheForeignEventRaw(await Server.GetJsonAsync($"/relationships/{_a}/{_b}/events/1"), foreign);

        // From the position just before it, in the global log: the page holds it and the next one goes on.
        var page = await Server.GetJsonAsync($"/events?after={first}&limit=1&stream={Uri.EscapeDataString(Stream)}");
        IsTheForeignEventRaw(page["events"]![0]!, foreign);
        var rest = await Server.GetJsonAsync((string)page["next"]!);
        Assert.Empty(rest["events"]!.AsArray());

        // The stream delivers it in the same form and goes on to the events after it.
        using var cts = Guard();
        var feed = new LedgerFeed(Server.Reader);
        JsonNode? delivered = null;
        await foreach (var m in feed.ReadAsync(first, ct: cts.Token))
        {
            if (m.IsHeartbeat) continue;
            if (m.Position == foreign.Position.ToString()) delivered = JsonNode.Parse(m.Data.GetRawText());
            if (m.Position == laterPosition) break;
        }
        Assert.NotNull(delivered);
        IsTheForeignEventRaw(delivered, foreign);
    }
}

public sealed class ForeignEventOnSqliteTests : ForeignEventTests
{
    protected override string StoreArgument => Server.StorePath;

    protected override Task<ApiServer> StartAsync() => ApiServer.StartAsync();
}

public sealed class ForeignEventOnKurrentDbTests : ForeignEventTests
{
    protected override string StoreArgument => ServerUnderTest.ConnectionString!;

    protected override async Task<ApiServer> StartAsync()
    {
        var cs = ServerUnderTest.Require();
        return await ApiServer.StartAsync(openStore: async _ => await KurrentDbEventStore.ConnectAsync(cs));
    }
}
