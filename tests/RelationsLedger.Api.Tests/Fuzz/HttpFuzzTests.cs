using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using CsCheck;
using RelationsLedger.Application.Commands.Recording;

namespace RelationsLedger.Api.Tests.Fuzz;

/// <summary>
/// Hostile requests against the real server: command bodies with wrong types, unknown fields, garbage and
/// unprintable text; query strings with anything in them. Every answer is a success or a problem that names
/// a field (never a 500), and a refused command leaves the store file byte for byte as it was.
/// </summary>
public sealed class HttpFuzzTests : IAsyncLifetime
{
    private ApiServer _server = null!;

    public async Task InitializeAsync() => _server = await ApiServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static readonly Gen<(int Command, bool Garbage, string Raw, int[] Valid, object?[] Values, bool Extra)> Bodies =
        Gen.Select(Gen.Int[0, CommandCatalogue.All.Count - 1], Gen.Int[0, 9].Select(i => i == 0), Hostile.Text,
            Gen.Int[0, 3].Array[12], Hostile.JsonValue.Array[12], Gen.Int[0, 9].Select(i => i == 0),
            (c, g, r, v, x, e) => (c, g, r, v, x, e));

    [Fact]
    public async Task Every_hostile_command_body_is_recorded_or_a_problem_naming_its_fields_and_a_refusal_changes_nothing()
    {
        var created = 0;
        await Bodies.SampleAsync(async sample =>
        {
            var entry = CommandCatalogue.All[sample.Command];
            using HttpContent content = sample.Garbage
                ? new StringContent(sample.Raw, Encoding.UTF8, "application/json")
                : JsonContent.Create(Body(entry.CommandType, sample.Valid, sample.Values, sample.Extra));
            var before = await StoreHashAsync();
            using var response = await _server.Recorder.PostAsync($"/commands/{entry.Name}", content);
            var text = await response.Content.ReadAsStringAsync();
            switch (response.StatusCode)
            {
                case HttpStatusCode.Created:
                    created++;
                    return;
                case HttpStatusCode.BadRequest:
                    Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
                    var errors = JsonNode.Parse(text)!["errors"]!.AsObject();
                    Assert.NotEmpty(errors);
                    Assert.All(errors, e => Assert.False(string.IsNullOrEmpty(e.Key)));
                    break;
                case HttpStatusCode.Conflict or HttpStatusCode.UnprocessableEntity:
                    Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
                    break;
                default:
                    Assert.Fail($"{(int)response.StatusCode} for a hostile {entry.Name}: {text}");
                    break;
            }
            Assert.Equal(before, await StoreHashAsync());
        }, iter: Hostile.Iterations(120), threads: 1);
        Assert.True(created > 0, "no generated body was ever recorded: the generator only tests refusals");
    }

    private static readonly Gen<(string A, string B, string? AsOf, string? KnownAt, string? AtLeast, string? After)> Queries =
        Gen.Select(Hostile.Text, Hostile.Text, Hostile.Optional, Hostile.Optional, Hostile.Optional, Hostile.Optional, (a, b, d, k, l, f) => (a, b, d, k, l, f));

    [Fact]
    public async Task Every_hostile_query_is_answered_or_refused_naming_its_parameters_never_a_500()
    {
        await Queries.SampleAsync(async q =>
        {
            string E(string? s) => Uri.EscapeDataString(s ?? "");
            foreach (var path in new[]
            {
                $"/relationships/{E(q.A)}/{E(q.B)}/state?asOf={E(q.AsOf)}&knownAt={E(q.KnownAt)}",
                $"/parties/{E(q.A)}/missions-of?atLeast={E(q.AtLeast)}&asOf={E(q.AsOf)}&knownAt={E(q.KnownAt)}",
                $"/parties/{E(q.B)}/designations-of?asOf={E(q.AsOf)}",
                $"/relationships/changed?from={E(q.AsOf)}&to={E(q.KnownAt)}",
                $"/events?after={E(q.After)}&limit={E(q.AtLeast)}&type={E(q.A)}",
                $"/relationships/{E(q.A)}/{E(q.B)}/history",
            })
            {
                using var response = await _server.Reader.GetAsync(path);
                var text = await response.Content.ReadAsStringAsync();
                var route = path.Split('?')[0];
                // An empty path segment names no resource at all: a 404 problem, not a question refused. Nor does a party
                // id "." or "..": a client resolves it as a dot segment (RFC 3986) before sending, so another path is asked.
                // (Seed 3YOq05ctP_Pb at 3,000 iterations: "/relationships/a--b/../state" was sent as "/relationships/state".)
                if (response.StatusCode == HttpStatusCode.NotFound
                    && (route.Contains("//", StringComparison.Ordinal) || route.Split('/').Any(s => s is "." or "..")))
                {
                    Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
                    continue;
                }
                // A NUL in the path is refused by the web server itself, before the application sees the request.
                if (response.StatusCode == HttpStatusCode.BadRequest && text.Length == 0 && route.Contains("%00", StringComparison.Ordinal)) continue;
                Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.BadRequest, $"{(int)response.StatusCode} for GET {path}: {text}");
                if (response.StatusCode == HttpStatusCode.BadRequest)
                    Assert.True(JsonNode.Parse(text)?["errors"] is JsonObject { Count: > 0 }, $"400 without errors by field for GET {path}: {text}");
            }
        }, iter: Hostile.Iterations(60), threads: 1);
    }

    /// <summary>A body of the command's fields: mostly valid values, some hostile ones, sometimes an unknown field.</summary>
    private static Dictionary<string, object?> Body(Type command, int[] valid, object?[] values, bool extra)
    {
        var body = new Dictionary<string, object?>();
        var i = 0;
        foreach (var field in CommandJson.FieldsOf(command).Values)
        {
            var index = i++ % values.Length;
            if (field.Name is "commandId" or "correlationId" or "causationId") continue;
            body[field.Name] = valid[index] > 0 ? ValidFor(field) : values[index];
        }
        if (extra) body["surprise"] = values[0];
        return body;
    }

    private static object? ValidFor(CommandJson.Field field) => field.Name switch
    {
        "actor" or "sending" or "partyA" => "RU",
        "counterpart" or "receiving" or "partyB" => "taliban",
        "level" => "embassy",
        "stance" => "ally",
        "form" => "de-jure",
        "target" => Guid.NewGuid().ToString(),
        "effectiveDate" => "2003",
        "sources" => new[] { new { publisher = "Reuters", title = "A report" } },
        "changes" or "adversary" or "protectingPower" or "correctedEffectiveDate" => null,
        _ => "Fuzz value",
    };

    private Task<string> StoreHashAsync() => StoreFingerprint.OfAsync(_server.StorePath);
}
