using RelationsLedger.Application.Commands.Recording;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using RelationsLedger.Api.Commands;
using RelationsLedger.Api.Security;
using RelationsLedger.Application;
using RelationsLedger.Cli;

namespace RelationsLedger.Api.Tests;

/// <summary>
/// Runs with no other test of the assembly beside it: <c>ledger serve</c> in-process takes its key from the process's
/// environment (<c>Api__Keys__0__*</c>), which every server started meanwhile reads too. A <see cref="KeyReloadTests"/>
/// server reloading its keys in that window took the recorder key's role from the environment, not from its file
/// ("Expected: Forbidden, Actual: Created", CI of round 51).
/// </summary>
[CollectionDefinition(nameof(ProcessEnvironment), DisableParallelization = true)]
public sealed class ProcessEnvironment;

[Collection(nameof(ProcessEnvironment))]
public sealed class OpenApiAndCliTests
{
    [Fact]
    public async Task The_OpenAPI_document_lists_every_command_and_every_endpoint()
    {
        await using var server = await ApiServer.StartAsync();
        var document = await server.GetJsonAsync("/openapi/v1.json", server.Anonymous);
        var paths = document["paths"]!.AsObject();

        Assert.Equal(28, CommandCatalogue.All.Count); // a new command must also reach the document
        foreach (var type in CommandCatalogue.All.Select(c => c.CommandType))
        {
            var post = paths[CommandEndpoints.PathOf(type)]?["post"];
            Assert.True(post is not null, $"{CommandEndpoints.PathOf(type)} is missing");
            Assert.NotNull(post["requestBody"]!["content"]!["application/json"]);
            Assert.NotNull(post["responses"]!["201"]);
            Assert.NotNull(post["responses"]!["409"]);
            var schema = document["components"]!["schemas"]![type.Name]!;
            foreach (var field in new[] { "recordedBy", "sources" }) // effectiveDate where the server requires it: OpenApiCommandSchemaTests
                Assert.Contains(field, schema["required"]!.AsArray().Select(r => (string?)r));
        }
        string[] others =
        [
            "/relationships/{a}/{b}/state", "/relationships/{a}/{b}/history", "/relationships/{a}/{b}/events/{revision}",
            "/relationships/changed", "/parties/{party}/designations-by", "/parties/{party}/designations-of", "/parties/{party}/missions-of",
            "/events", "/events/stream", "/relationships/{a}/{b}/events", "/relationships/{a}/{b}/events/stream",
            "/health/live", "/health/ready",
            "/relationships/{a}/{b}/audit", "/relationships/{a}/{b}/verify", "/verify", "/digest",
            "/relationships/{a}/{b}/timeline", "/parties/{party}/relationships", "/panel", BatchEndpoint.Path,
        ];
        foreach (var path in others) Assert.True(paths.ContainsKey(path), $"{path} is missing from {string.Join(", ", paths.Select(p => p.Key))}");
        var batch = paths[BatchEndpoint.Path]!["post"]!;
        Assert.NotNull(batch["requestBody"]!["content"]!["application/x-ndjson"]);
        Assert.NotNull(batch["responses"]!["413"]);
        Assert.Equal(CommandCatalogue.All.Count + others.Length, paths.Count);
        Assert.Equal("bearer", (string?)document["components"]!["securitySchemes"]!["bearer"]!["scheme"]);
    }

    [Fact]
    public async Task Docs_api_md_describes_every_endpoint_of_the_OpenAPI_document()
    {
        await using var server = await ApiServer.StartAsync();
        var paths = (await server.GetJsonAsync("/openapi/v1.json", server.Anonymous))["paths"]!.AsObject().Select(p => p.Key);
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(folder.FullName, "RelationsLedger.sln"))) folder = folder.Parent!;
        var doc = await File.ReadAllTextAsync(Path.Combine(folder.FullName, "docs", "api.md"));

        foreach (var path in paths.Where(p => !p.StartsWith(CommandEndpoints.Prefix + "/", StringComparison.Ordinal)))
            Assert.True(doc.Contains($" {path}", StringComparison.Ordinal), $"docs/api.md does not mention {path}");
        Assert.Contains("POST /commands/{command}", doc, StringComparison.Ordinal);
    }

    /// <summary>
    /// Every problem type the API answers with has its row in docs/api.md's table of errors, naming its status. Before round 70
    /// `bad-request` (a 405, a 408 of a body that trickled, a body Kestrel cannot read) had none: a client reading types met one
    /// the page never named.
    /// </summary>
    [Fact]
    public async Task Docs_api_md_lists_every_problem_type_the_API_answers_with()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(folder.FullName, "RelationsLedger.sln"))) folder = folder.Parent!;
        var doc = await File.ReadAllTextAsync(Path.Combine(folder.FullName, "docs", "api.md"));
        const string prefix = "urn:relationsledger:problem:";
        var types = typeof(Errors.ProblemTypes).GetFields().Where(f => f.IsLiteral).Select(f => (string)f.GetValue(null)!).ToList();

        Assert.NotEmpty(types);
        foreach (var type in types)
            Assert.Matches($@"\n\| \d{{3}} \| `{type[prefix.Length..]}` \|", doc);
    }

    private static async Task<(int Code, string Out, string Error)> LedgerAsync(string[] args, CancellationToken ct = default)
    {
        var (output, error) = (new StringWriter(), new SignallingWriter());
        var code = await LedgerApp.RunPlainAsync(args, output, error, ct);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Ledger_api_key_new_prints_a_key_and_the_configuration_of_its_hash()
    {
        var (code, output, _) = await LedgerAsync(["api-key", "new", "--role", "reader", "--name", "auditor"]);

        Assert.Equal(0, code);
        var key = output.Split('\n').Single(l => l.StartsWith("key:", StringComparison.Ordinal))["key:".Length..].Trim();
        Assert.Contains($"Api__Keys__0__Hash={ApiKeyHash.HexOf(key)}", output, StringComparison.Ordinal);
        Assert.Contains("Api__Keys__0__Role=reader", output, StringComparison.Ordinal);
        Assert.Contains($"\"Name\": \"auditor\", \"Hash\": \"{ApiKeyHash.HexOf(key)}\", \"Role\": \"reader\"", output, StringComparison.Ordinal);

        var (bad, _, _) = await LedgerAsync(["api-key", "new", "--role", "admin"]);
        Assert.NotEqual(0, bad);
    }

    /// <summary>
    /// What 'api-key new' prints is what the server takes. Before, a name with a quote or a backslash was printed inside the
    /// JSON entry as it was ('{ "Name": "auditor "north"", … }', not JSON: appsettings.json would not load), and a name of
    /// 201 characters or an index of -1 printed a key and lines that the server refuses to start with ('Api:Keys:0: Name must
    /// be at most 200 characters') or does not read as a key at all ('Api__Keys__-1__Name').
    /// </summary>
    [Theory]
    [InlineData("auditor \"north\"")]
    [InlineData("C:\\keys\\ingest")]
    public async Task Ledger_api_key_new_prints_configuration_the_server_reads_as_given(string name)
    {
        var (code, output, _) = await LedgerAsync(["api-key", "new", "--role", "reader", "--name", name]);

        Assert.Equal(0, code);
        var entry = output.Split('\n').Single(l => l.TrimStart().StartsWith("{ \"Name\"", StringComparison.Ordinal));
        var configuration = new ConfigurationBuilder()
            .AddJsonStream(new MemoryStream(System.Text.Encoding.UTF8.GetBytes("{\"Api\": {\"Keys\": [" + entry + "]}}"))).Build();
        var problems = new List<string>();
        var options = Hosting.ApiOptions.Read(configuration.GetSection(Hosting.ApiOptions.Section), problems);
        Assert.Empty(problems.Concat(options.Problems()));
        Assert.Equal(name, Assert.Single(options.Keys).Name);
    }

    [Theory]
    [InlineData("--name", "--name: Name must be at most 200 characters (it has 201)")]
    [InlineData("--index", "--index: -1 is not a place in Api:Keys")]
    public async Task Ledger_api_key_new_refuses_a_name_or_index_the_server_would_not_take(string option, string expected)
    {
        var value = option == "--name" ? new string('n', 201) : "-1";
        var (code, output, error) = await LedgerAsync(["api-key", "new", "--role", "reader", option, value]);

        Assert.Equal(2, code);
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.DoesNotContain("key:", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ledger_serve_runs_the_API_on_the_embedded_store_until_stopped()
    {
        var folder = Directory.CreateTempSubdirectory("relationsledger-serve-").FullName;
        var store = Path.Combine(folder, "served.db");
        Environment.SetEnvironmentVariable("Api__Keys__0__Name", "serve-test");
        Environment.SetEnvironmentVariable("Api__Keys__0__Hash", ApiKeyHash.HexOf(ApiServer.RecorderKey));
        Environment.SetEnvironmentVariable("Api__Keys__0__Role", "recorder");
        using var stop = new CancellationTokenSource();
        var error = new SignallingWriter();
        var serve = LedgerApp.RunPlainAsync(["serve", "--urls", "http://127.0.0.1:0", "--store", store], TextWriter.Null, error, stop.Token);
        try
        {
            var banner = await error.Started.Task.WaitAsync(TimeSpan.FromSeconds(30));
            var url = banner.Split(' ').Single(w => w.StartsWith("http://127.0.0.1:", StringComparison.Ordinal));
            using var client = new HttpClient { BaseAddress = new Uri(url) };
            client.DefaultRequestHeaders.Authorization = new("Bearer", ApiServer.RecorderKey);

            using var recorded = await client.PostAsync("/commands/impose-designation", System.Net.Http.Json.JsonContent.Create(Bodies.Designation()));
            await recorded.ReadJsonAsync(HttpStatusCode.Created);
            Assert.True(File.Exists(store));
            var state = JsonNode.Parse(await client.GetStringAsync("/relationships/RU/taliban/state?asOf=2024-01-01"))!;
            Assert.Equal("in-force", (string?)state["designations"]![0]!["status"]);
        }
        finally
        {
            await stop.CancelAsync();
            Assert.Equal(0, await serve.WaitAsync(TimeSpan.FromSeconds(30)));
            foreach (var name in new[] { "Name", "Hash", "Role" }) Environment.SetEnvironmentVariable($"Api__Keys__0__{name}", null);
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
        }
    }

    /// <summary>Standard error of an in-process <c>ledger serve</c>: completes <see cref="Started"/> with the line that names the URL.</summary>
    private sealed class SignallingWriter : StringWriter
    {
        public TaskCompletionSource<string> Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override Task WriteLineAsync(string? value)
        {
            if (value?.StartsWith("Serving the ledger at", StringComparison.Ordinal) == true) Started.TrySetResult(value);
            return base.WriteLineAsync(value);
        }
    }
}
