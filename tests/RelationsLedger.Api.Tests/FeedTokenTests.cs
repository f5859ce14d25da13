using System.Net;

namespace RelationsLedger.Api.Tests;

/// <summary>A ledger of three events: positions 1–3.</summary>
public sealed class FeedTokenServer : SharedServer
{
    protected override async Task SeedAsync(ApiServer server)
    {
        for (var i = 0; i < 3; i++)
            using (await server.RecordAsync("make-statement", Bodies.Statement("RU", "AF", $"seed {i}"))) { }
    }
}

/// <summary>
/// Hostile resume tokens: anything but ASCII digits (and one '/' between two numbers) is a 400 naming the parameter, on
/// pages and streams, and so is a limit. Before: .NET's number parsing ignores trailing NUL characters, so <c>after=1%00</c>
/// was read as position 1 and <c>limit=2%00</c> as 2 — garbage taken for a checkpoint, silently.
/// (Tried and sound, in FeedParameterTests and FeedPositionTests: signs, spaces, decimals, exponents, hex, Arabic-Indic and
/// full-width digits, an empty part, three parts, 2^64, positions beyond the end or between events.)
/// </summary>
public sealed class FeedTokenTests(FeedTokenServer shared) : IClassFixture<FeedTokenServer>
{
    private readonly ApiServer _server = shared.Server;

    [Theory]
    [InlineData("/events?after={0}", "after")]
    [InlineData("/events/stream?after={0}", "after")]
    [InlineData("/relationships/RU/AF/events?after={0}", "after")]
    [InlineData("/events?limit={0}", "limit")]
    public async Task A_token_with_trailing_NUL_characters_is_a_400_naming_the_parameter(string path, string field)
    {
        foreach (var token in new[] { "2\0", "2\0\0\0", "1/1\0" })
        {
            using var response = await _server.Reader.GetAsync(string.Format(System.Globalization.CultureInfo.InvariantCulture, path, Uri.EscapeDataString(token)));
            var errors = await response.ValidationErrorsAsync();
            Assert.Equal([field], errors.Select(e => e.Key));
            Assert.Contains($"'{token}' is not", (string?)errors[field]![0], StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(" 1")]
    [InlineData("+1")]
    [InlineData("-0")]
    [InlineData("1.0")]
    [InlineData("1e0")]
    [InlineData("0x1")]
    [InlineData("١")]
    [InlineData("１")]
    [InlineData("1/")]
    [InlineData("/1")]
    [InlineData("1/1/1")]
    public async Task A_token_that_is_not_a_position_is_a_400_naming_after(string token)
    {
        using var response = await _server.Reader.GetAsync($"/events/stream?after={Uri.EscapeDataString(token)}");
        var errors = await response.ValidationErrorsAsync();
        Assert.Equal(["after"], errors.Select(e => e.Key));
        Assert.Contains("must be a global position from the feed", (string?)errors["after"]![0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_same_position_written_with_leading_zeros_or_as_a_pair_of_equal_numbers_is_that_position()
    {
        foreach (var token in new[] { "2", "0002", "2/2", "02/002" })
        {
            var page = await _server.GetJsonAsync($"/events?after={Uri.EscapeDataString(token)}");
            Assert.Equal(["3"], page["events"]!.AsArray().Select(e => (string?)e!["position"]));
        }
        Assert.Equal(HttpStatusCode.OK, (await _server.Reader.GetAsync("/events?after=0/0")).StatusCode); // the start
    }
}
