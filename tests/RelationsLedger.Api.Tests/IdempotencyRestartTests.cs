using System.Net;
using System.Text.Json.Nodes;

namespace RelationsLedger.Api.Tests;

public sealed class IdempotencyRestartTests : IAsyncLifetime
{
    private ApiServer _server = null!;

    public async Task InitializeAsync() => _server = await ApiServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static async Task<int> EventCountAsync(ApiServer server) =>
        (await server.GetJsonAsync("/relationships/RU/taliban/history")).AsArray().Count;

    [Fact]
    public async Task Idempotency_survives_a_restart_of_the_server()
    {
        using var first = await _server.RecordAsync("impose-designation", Bodies.Designation(), idempotencyKey: "across-restarts");
        var original = await first.ReadJsonAsync(HttpStatusCode.Created);

        await _server.RestartAsync();

        using var retry = await _server.RecordAsync("impose-designation", Bodies.Designation(), idempotencyKey: "across-restarts");
        Assert.True(JsonNode.DeepEquals(original, await retry.ReadJsonAsync(HttpStatusCode.Created)));
        using var mismatch = await _server.RecordAsync("impose-designation", Bodies.Designation(on: "2004"), idempotencyKey: "across-restarts");
        await mismatch.ReadJsonAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal(1, await EventCountAsync(_server));
    }
}
