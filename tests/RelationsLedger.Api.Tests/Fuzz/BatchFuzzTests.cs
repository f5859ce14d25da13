using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CsCheck;

namespace RelationsLedger.Api.Tests.Fuzz;

/// <summary>
/// Hostile batches against the real server: NDJSON whose lines are good commands, commands with one field replaced by
/// anything, or garbage. Every answer is 200 or a problem (never a 500), and a refused batch leaves the store file
/// byte for byte as it was.
/// </summary>
public sealed class BatchFuzzTests : IAsyncLifetime
{
    private ApiServer _server = null!;

    public async Task InitializeAsync() => _server = await ApiServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static readonly string[] Fields = ["command", "actor", "counterpart", "list", "authority", "effectiveDate", "recordedBy", "sources", "commandId", "correlationId"];

    private static string Good(int n) => JsonSerializer.Serialize(new Dictionary<string, object?>
    {
        ["command"] = n % 2 == 0 ? "impose-designation" : "remove-designation", ["actor"] = "US", ["counterpart"] = $"f{n % 3}",
        ["list"] = "L", ["authority"] = "A", ["effectiveDate"] = $"{1950 + n}", ["recordedBy"] = "fuzz",
        ["sources"] = new[] { new { publisher = "P", title = "T" } },
    });

    private static string Spoiled(int n, int field, object? value)
    {
        var item = JsonNode.Parse(Good(n))!.AsObject();
        item[Fields[field]] = JsonSerializer.SerializeToNode(value);
        return item.ToJsonString();
    }

    /// <summary>A line: a good command (n), one with a field replaced, or hostile text as it is.</summary>
    private static readonly Gen<string> Line = Gen.Frequency(
        (4, Gen.Int[0, 20].Select(Good)),
        (3, Gen.Select(Gen.Int[0, 20], Gen.Int[0, Fields.Length - 1], Hostile.JsonValue, Spoiled)),
        (1, Hostile.Text));

    [Fact]
    public async Task Every_hostile_batch_is_recorded_or_a_problem_and_a_refusal_changes_nothing()
    {
        // Both ways through the endpoint, for certain: how many generated batches are recorded depends on the seed
        // (the store fills up as the sample runs, so later good lines often contradict it), and a seed whose 80
        // batches were all refused once failed a count of both kinds here.
        using (var good = new StringContent($"{Good(0)}\n{Good(2).Replace("\"f2\"", "\"f-fresh\"")}", Encoding.UTF8, "application/x-ndjson"))
            Assert.Equal(HttpStatusCode.OK, (await _server.Recorder.PostAsync("/commands/batch", good)).StatusCode);
        var (recorded, refused) = (0, 0);
        await Line.Array[1, 6].SampleAsync(async lines =>
        {
            var before = await StoreFingerprint.OfAsync(_server.StorePath);
            using var content = new StringContent(string.Join("\n", lines.Select(l => l.Replace('\n', ' '))), Encoding.UTF8, "application/x-ndjson");
            using var response = await _server.Recorder.PostAsync("/commands/batch", content);
            var text = await response.Content.ReadAsStringAsync();
            switch (response.StatusCode)
            {
                case HttpStatusCode.OK:
                    recorded++;
                    return;
                case HttpStatusCode.BadRequest:
                    Assert.NotEmpty(JsonNode.Parse(text)!["errors"]!.AsObject());
                    break;
                case HttpStatusCode.Conflict or HttpStatusCode.UnprocessableEntity:
                    Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
                    break;
                default:
                    Assert.Fail($"{(int)response.StatusCode} for a hostile batch: {text}");
                    break;
            }
            refused++;
            Assert.Equal(before, await StoreFingerprint.OfAsync(_server.StorePath));
        }, iter: Hostile.Iterations(80), threads: 1);
        Assert.True(refused > 0, $"the generator should make hostile batches ({recorded} recorded, {refused} refused)");
    }
}
