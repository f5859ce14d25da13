using System.Net;
using System.Text.Json.Nodes;
using RelationsLedger.Domain.Aspects;
using RelationsLedger.Domain.State;

namespace RelationsLedger.Workbench.Tests;

/// <summary><c>GET /relationships/{a}/{b}/timeline</c> on the founding example: lanes from the kinds, known-at, mends, errors.</summary>
public sealed class TimelineApiTests(FoundingExampleServer shared) : IClassFixture<FoundingExampleServer>
{
    private WorkbenchServer Server => shared.Server;

    private static JsonNode Lane(JsonNode timeline, string kind) =>
        timeline["kinds"]!.AsArray().Single(k => (string)k!["name"]! == kind)!["lanes"]!.AsArray().Single()!;

    [Fact]
    public async Task Every_kind_of_the_model_has_its_place_in_the_timeline_in_the_kinds_order()
    {
        var timeline = await Server.GetJsonAsync("/relationships/taliban/RU/timeline");
        var kinds = timeline["kinds"]!.AsArray();
        Assert.Equal(RelationshipModel.Kinds.Select(k => k.Name), kinds.Select(k => (string)k!["name"]!));
        foreach (var (kind, json) in RelationshipModel.Kinds.Zip(kinds))
        {
            Assert.Equal(kind.Title, (string)json!["title"]!);
            Assert.Equal(kind.Momentary, (bool)json["points"]!);
            Assert.Equal(kind.Directed, (bool)json["directed"]!);
        }
        Assert.Equal("RU~taliban", (string)timeline["relationship"]!);
        Assert.Equal(11, timeline["events"]!.AsArray().Count);
        // One moment per batch of the demo (samples/founding-example: earlier.json, then later.json).
        Assert.Equal(2, timeline["moments"]!.AsArray().Count);
    }

    [Fact]
    public async Task The_designation_runs_from_its_imposition_to_its_removal_with_both_events()
    {
        var timeline = await Server.GetJsonAsync("/relationships/RU/taliban/timeline");
        var span = Lane(timeline, "designations")["items"]!.AsArray().Single()!;
        Assert.Equal(("2003-02-14", "2025-04-17", "ended", "DesignationRemoved"), ((string)span["start"]!, (string)span["end"]!, (string)span["ending"]!, (string)span["endType"]!));
        var events = timeline["events"]!.AsArray().ToDictionary(e => (string)e!["eventId"]!);
        Assert.Equal("DesignationImposed", (string)events[(string)span["startEventId"]!]!["type"]!);
        Assert.Equal("DesignationRemoved", (string)events[(string)span["endEventId"]!]!["type"]!);
        Assert.Equal("Reuters", (string)events[(string)span["startEventId"]!]!["sources"]![0]!["publisher"]!);

        // A nomination pending from May 2025 until the accreditation ended it; the ambassador in post since.
        var nomination = Lane(timeline, "nominations")["items"]!.AsArray().Single()!;
        Assert.Equal(("2025-05", "2025-07-03", "accredited"), ((string)nomination["start"]!, (string)nomination["end"]!, (string)nomination["endReason"]!));
        Assert.Equal("open", (string)Lane(timeline, "ambassadors")["items"]![0]!["ending"]!);
        Assert.Equal(["2022-06", "2024", "2025-05"], Lane(timeline, "engagements")["items"]!.AsArray().Select(i => (string)i!["start"]!).Order(StringComparer.Ordinal));
        Assert.All(Lane(timeline, "engagements")["items"]!.AsArray(), i => Assert.Equal("point", (string)i!["ending"]!));
    }

    [Fact]
    public async Task As_known_before_the_removal_was_recorded_the_designation_is_open_and_later_events_are_absent()
    {
        var now = await Server.GetJsonAsync("/relationships/RU/taliban/timeline");
        var removal = now["events"]!.AsArray().Single(e => (string)e!["type"]! == "DesignationRemoved")!;
        var before = DateTimeOffset.Parse((string)removal["recordedAt"]!, System.Globalization.CultureInfo.InvariantCulture).AddTicks(-1).ToString("O");
        var then = await Server.GetJsonAsync($"/relationships/RU/taliban/timeline?knownAt={Uri.EscapeDataString(before)}");
        Assert.Equal("open", (string)Lane(then, "designations")["items"]![0]!["ending"]!);
        Assert.Equal(4, then["events"]!.AsArray().Count);
        Assert.Empty(then["kinds"]!.AsArray().Single(k => (string)k!["name"]! == "pledges")!["lanes"]!.AsArray());
        Assert.Equal(now["moments"]!.ToJsonString(), then["moments"]!.ToJsonString()); // the known-at control keeps every moment
    }

    [Fact]
    public async Task A_correction_moves_a_point_and_marks_its_event_and_a_retraction_removes_it()
    {
        var scratch = new ScratchRelationship(Server, "KZ", "taliban");
        var statement = await scratch.StatementAsync("2024-03");
        await Server.RecordAsync("correct-entry", new { partyA = "KZ", partyB = "taliban", target = statement, reason = "the day is known", correctedEffectiveDate = "2024-03-21", effectiveDate = "2025-01-01", recordedBy = "test", sources = ScratchRelationship.Sources });
        var corrected = await Server.GetJsonAsync("/relationships/KZ/taliban/timeline");
        Assert.Equal("2024-03-21", (string)Lane(corrected, "statements")["items"]![0]!["start"]!);
        var e = corrected["events"]!.AsArray().Single(x => (string)x!["eventId"]! == statement)!;
        Assert.Equal((true, false, "2024-03", "2024-03-21"), ((bool)e["corrected"]!, (bool)e["retracted"]!, (string)e["effectiveDate"]!, (string)e["effectiveNow"]!));
        Assert.Single(e["mendedBy"]!.AsArray());

        await Server.RecordAsync("retract-entry", new { partyA = "KZ", partyB = "taliban", target = statement, reason = "a misattribution", effectiveDate = "2025-01-02", recordedBy = "test", sources = ScratchRelationship.Sources });
        var retracted = await Server.GetJsonAsync("/relationships/KZ/taliban/timeline");
        Assert.Empty(retracted["kinds"]!.AsArray().Single(k => (string)k!["name"]! == "statements")!["lanes"]!.AsArray());
        Assert.True((bool)retracted["events"]!.AsArray().Single(x => (string)x!["eventId"]! == statement)!["retracted"]!);
    }

    [Fact]
    public async Task Bad_parties_or_a_bad_moment_are_refused_naming_the_field()
    {
        foreach (var (path, field) in new[] { ("/relationships/Russia!/taliban/timeline", "a"), ("/relationships/RU/RU/timeline", "b"), ("/relationships/RU/taliban/timeline?knownAt=yesterday", "knownAt") })
        {
            using var response = await Server.Reader.GetAsync(path);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.NotNull(JsonNode.Parse(await response.Content.ReadAsStringAsync())!["errors"]![field]);
        }
        using var anonymous = Server.Client(null);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/relationships/RU/taliban/timeline")).StatusCode);
        var empty = await Server.GetJsonAsync("/relationships/FR/taliban/timeline");
        Assert.Empty(empty["events"]!.AsArray());
        Assert.Null(empty["lastPosition"]);
    }

    /// <summary>Statements on a relationship of its own, so the founding example stays as it is.</summary>
    private sealed class ScratchRelationship(WorkbenchServer server, string a, string b)
    {
        public static readonly object[] Sources = [new { publisher = "Test", title = "A test source" }];

        public Task<string> StatementAsync(string on) => server.RecordAsync("make-statement", new
        {
            actor = a, counterpart = b, speaker = "a spokesman", stance = "neutral", summary = "A statement.", effectiveDate = on, recordedBy = "test", sources = Sources,
        });
    }
}
