using System.Net;
using System.Net.Http.Json;
using FluentValidation;
using Microsoft.Extensions.DependencyInjection;
using RelationsLedger.Application.Commands.Batch;

namespace RelationsLedger.Api.Tests;

/// <summary>
/// <c>POST /commands/batch</c> runs a batch through its validators once: the batch checked is the batch sent, each command
/// already bearing the name of the key it came with. Before round 62 the endpoint checked the batch, then sent a copy bearing
/// the key's name, which the pipeline validated again (every command's validators a second time).
/// </summary>
public sealed class BatchValidatedOnceTests : IAsyncLifetime
{
    /// <summary>A validator of batches beside the ledger's, which notes each batch it is run on and the key names its commands bear.</summary>
    private sealed class Watching : AbstractValidator<RecordBatch>
    {
        public List<string?[]> Runs { get; } = [];

        public Watching() => RuleFor(b => b).Custom((batch, _) =>
        {
            lock (Runs) Runs.Add(batch.Items.Select(i => i.Command.RecordedThrough).ToArray());
        });
    }

    private readonly Watching _watching = new();
    private ApiServer _server = null!;

    public async Task InitializeAsync() => _server = await ApiServer.StartAsync(services: s => s.AddSingleton<IValidator<RecordBatch>>(_watching));

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static object Sst(string on, string command = "impose-designation") => new Dictionary<string, object?>
    {
        ["command"] = command, ["actor"] = "US", ["counterpart"] = "CU", ["list"] = "State Sponsors of Terrorism",
        ["authority"] = "Secretary of State", ["effectiveDate"] = on,
    };

    [Fact]
    public async Task A_batch_is_validated_once_with_its_key_s_name_on_each_command_and_recorded()
    {
        var body = new { sources = new[] { new { publisher = "US Department of State", title = "SST" } }, recordedBy = "analyst", commands = new[] { Sst("1982-03-01"), Sst("2021-01-11", "remove-designation") } };
        using var response = await _server.Recorder.PostAsJsonAsync("/commands/batch", body);
        await response.ReadJsonAsync(HttpStatusCode.OK);
        var run = Assert.Single(_watching.Runs);
        Assert.Equal(["test-recorder", "test-recorder"], run.Select(name => name ?? "(none)"));
    }

    [Fact]
    public async Task A_refused_batch_is_validated_once_and_nothing_is_recorded()
    {
        var body = new { sources = new[] { new { publisher = "US Department of State", title = "SST" } }, recordedBy = "analyst", commands = new[] { Sst("1982-03-01"), Sst("1982-13-45") } };
        using var response = await _server.Recorder.PostAsJsonAsync("/commands/batch", body);
        var problem = await response.ReadJsonAsync(HttpStatusCode.BadRequest);
        Assert.NotNull(problem["errors"]!["commands[1].effectiveDate"]);
        Assert.Single(_watching.Runs);
        Assert.Empty((await _server.GetJsonAsync("/relationships/US/CU/history")).AsArray());
    }
}
