using System.Text.Json.Nodes;

namespace RelationsLedger.Api.Tests;

public sealed class LiveReadModelTests
{
    [Fact]
    public async Task The_server_projects_in_the_background_so_answers_are_current_without_a_catch_up_per_question()
    {
        // Queries that do not catch up themselves: only the server's background runner can bring the event in.
        await using var server = await ApiServer.StartAsync(services: s =>
            Microsoft.Extensions.DependencyInjection.ServiceCollectionServiceExtensions.AddSingleton(s, new RelationsLedger.Projections.Runner.ProjectionOptions { CatchUpBeforeQuery = false }));
        using (await server.RecordAsync("impose-designation", Bodies.Designation())) { }

        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        JsonNode state;
        do
        {
            await Task.Delay(50, guard.Token);
            state = await server.GetJsonAsync("/relationships/RU/taliban/state?asOf=2024-01-01");
        }
        while (state["designations"]!.AsArray().Count == 0);
        Assert.Equal("in-force", (string?)state["designations"]![0]!["status"]);
        Assert.Equal(0, (int)state["readModel"]!["behind"]!);
    }
}
