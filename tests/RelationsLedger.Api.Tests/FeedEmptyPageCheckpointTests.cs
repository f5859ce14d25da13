using System.Net;
using System.Text.Json.Nodes;

namespace RelationsLedger.Api.Tests;

/// <summary>
/// A page that reads nothing past its start — a filter's page at the end of the log, asked with <c>after</c> alone (a
/// consumer that kept only positions, or its first checked page) — names the event at its start as <c>lastEventId</c> and in
/// its <c>next</c>, so that the checkpoint the consumer keeps from it is a checked one. Before, such a page answered
/// <c>lastEventId: null</c> and a <c>next</c> without <c>afterEventId</c>: every page after it resumed by position alone, and a
/// store put back from an older copy and recorded into since was followed as if its events came next.
/// </summary>
public sealed class FeedEmptyPageCheckpointTests(SharedServer shared) : IClassFixture<SharedServer>
{
    private readonly ApiServer _server = shared.Server;

    private async Task<(string Position, string EventId)> RecordAsync(string a)
    {
        using var response = await _server.RecordAsync("make-statement", Bodies.Statement(a, "taliban", "The last word on it."));
        var recorded = await response.ReadJsonAsync(HttpStatusCode.Created);
        return ((string)recorded["globalPosition"]!, (string)recorded["eventId"]!);
    }

    [Theory]
    [InlineData("/relationships/{a}/taliban/events?after={after}")]
    [InlineData("/events?stream=relationship-{a}~taliban&after={after}")]
    public async Task An_empty_page_asked_after_a_position_alone_names_the_event_there_as_its_checkpoint(string path)
    {
        var a = $"cp-{Guid.NewGuid():N}"[..16];
        var (position, eventId) = await RecordAsync(a); // the relationship's last event: nothing of it follows
        var page = await _server.GetJsonAsync(path.Replace("{a}", a).Replace("{after}", Uri.EscapeDataString(position)));

        Assert.Empty(page["events"]!.AsArray());
        Assert.Equal(position, (string?)page["lastPosition"]);
        Assert.Equal(eventId, (string?)page["lastEventId"]);
        var next = (string)page["next"]!;
        Assert.Contains($"afterEventId={eventId}", next, StringComparison.Ordinal);

        // Following next is a checked resume: it is answered, as the same page again.
        var again = await _server.GetJsonAsync(next);
        Assert.Equal(eventId, (string?)again["lastEventId"]);
    }

    [Fact]
    public async Task A_page_from_the_start_of_the_log_names_no_event_there()
    {
        var page = await _server.GetJsonAsync("/events?after=0&stream=relationship-nobody-here~taliban");
        Assert.Empty(page["events"]!.AsArray());
        Assert.Null(page["lastEventId"]);
        Assert.DoesNotContain("afterEventId", (string)page["next"]!, StringComparison.Ordinal);
    }
}
