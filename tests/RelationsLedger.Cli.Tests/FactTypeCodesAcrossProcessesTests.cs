using System.Net;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace RelationsLedger.Cli.Tests;

/// <summary>
/// A fact's type in the read model is a code that the table <c>fact_types</c> names (schema version 6), given in the order the
/// file first meets each type: a rebuild may give codes otherwise than the live path did. Real processes write one read model
/// at once — a server, which keeps the codes it has written, a rebuild that replaces the file under it, and two commands
/// catching up — and none may fail on the table's unique name, give a type a second code, or write a fact under a code the file
/// gives another type; every answer stays the one a read model made afresh gives.
/// </summary>
public sealed class FactTypeCodesAcrossProcessesTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private string Store => _folder.File("ledger.db");
    private string ReadModel => _folder.File("ledger.projections.db");

    private Task<CliResult> Ledger(params string[] args) => LedgerCli.RunProcessAsync(_folder.Path, ["--store", Store, .. args]);

    private static string Statement(string actor, string counterpart, string summary) => $$"""
        { "actor": "{{actor}}", "counterpart": "{{counterpart}}", "speaker": "A minister", "stance": "partner", "summary": "{{summary}}",
          "effectiveDate": "2025-06", "recordedBy": "analyst", "sources": [ { "publisher": "Reuters", "title": "A title", "publishedOn": "2025-06" } ] }
        """;

    private static string Engagement(string title) => $$"""
        { "partyA": "RU", "partyB": "taliban", "kind": "talks", "place": "Moscow", "title": "{{title}}",
          "effectiveDate": "2025-07", "recordedBy": "analyst", "sources": [ { "publisher": "Reuters", "title": "A title", "publishedOn": "2025-07" } ] }
        """;

    private static async Task PostAsync(ServeProcess server, string command, string body)
    {
        using var response = await server.Client.PostAsync($"/commands/{command}", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync() + server.Log);
    }

    /// <summary>Every change of every relationship, one line each: what two answers must agree on.</summary>
    private static List<string> Changes(JsonElement answer) =>
        [.. answer.GetProperty("relationships").EnumerateArray().SelectMany(r => r.GetProperty("changes").EnumerateArray().Select(c =>
            $"{r.GetProperty("relationship").GetString()} {c.GetProperty("eventId").GetString()} {c.GetProperty("type").GetString()} {c.GetProperty("effectiveDate").GetString()}"))];

    private static async Task<List<string>> ServedChangesAsync(ServeProcess server)
    {
        using var response = await server.Client.GetAsync("/relationships/changed?from=1900-01-01&to=2100-12-31");
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body + server.Log);
        return Changes(JsonDocument.Parse(body).RootElement);
    }

    private async Task<List<string>> CliChangesAsync()
    {
        var run = await Ledger("changed", "--from", "1900-01-01", "--to", "2100-12-31", "--json");
        Assert.True(run.ExitCode == 0, run.Error);
        return Changes(JsonDocument.Parse(run.Out).RootElement);
    }

    /// <summary>The names table as the file holds it, by code.</summary>
    private List<string> Codes()
    {
        using var c = new SqliteConnection($"Data Source={ReadModel};Mode=ReadOnly;Pooling=False");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT code || ' ' || name FROM fact_types ORDER BY code";
        using var r = cmd.ExecuteReader();
        var codes = new List<string>();
        while (r.Read()) codes.Add(r.GetString(0));
        return codes;
    }

    /// <summary>Facts whose code names another type than their event's in the store, and types named under more than one code.</summary>
    private List<string> FactsNotOfTheirEventsType()
    {
        using var c = new SqliteConnection($"Data Source={ReadModel};Mode=ReadOnly;Pooling=False");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = $"""
            ATTACH DATABASE '{Store.Replace("'", "''", StringComparison.Ordinal)}' AS store;
            SELECT lower(hex(f.event_id)) || ' is ' || coalesce(t.name, 'code ' || f.type) || ', its event ' || coalesce(e.type, 'missing')
            FROM facts f LEFT JOIN fact_types t ON t.code = f.type
            LEFT JOIN store.events e ON replace(e.event_id, '-', '') = lower(hex(f.event_id))
            WHERE t.name IS NOT e.type
            UNION ALL SELECT name || ' has ' || count(*) || ' codes' FROM fact_types GROUP BY name HAVING count(*) > 1
            """;
        using var r = cmd.ExecuteReader();
        var wrong = new List<string>();
        while (r.Read()) wrong.Add(r.GetString(0));
        return wrong;
    }

    /// <summary>A rebuild racing other processes may find the file open in one of them: refused then, naming it, as documented.</summary>
    private static void RebuiltOrRefusedAsOpenElsewhere(CliResult run) =>
        Assert.True(run.ExitCode == 0 || (run.ExitCode == 7 && (run.Out + run.Error).Contains("is open in another process", StringComparison.Ordinal)),
            $"exit {run.ExitCode}: {run.Out}{run.Error}");

    [Fact]
    public async Task Processes_writing_one_read_model_at_once_keep_one_code_per_type_and_each_fact_its_events_type()
    {
        Assert.Equal(0, (await Ledger("demo", "--json")).ExitCode); // a process: one in this one would leave its pooled connections on the file
        var before = await CliChangesAsync(); // a read model made by the live path: its codes in that path's order

        // At once: a rebuild (codes in the bulk load's order), two commands catching up, and a statement recorded (a type the
        // file has not met yet), which the commands may or may not see.
        var rebuild = Ledger("projections", "rebuild", "--json");
        var commands = new[] { CliChangesAsync(), CliChangesAsync() };
        var recorded = await Ledger("record", "make-statement", "--actor", "RU", "--counterpart", "taliban", "--speaker", "A minister",
            "--stance", "partner", "--summary", "first", "--on", "2025-06", "--source", "publisher=TASS;title=Statement");
        Assert.True(recorded.ExitCode == 0, recorded.Error);
        RebuiltOrRefusedAsOpenElsewhere(await rebuild);
        foreach (var answer in await Task.WhenAll(commands)) Assert.True(answer.Count >= before.Count, string.Join("\n", answer));
        Assert.Empty(FactsNotOfTheirEventsType());

        // A server records (types the file has and one it has not met) while two commands catch up the same file.
        await using (var server = await ServeProcess.StartAsync(_folder.Path, Store))
        {
            Assert.Equal(before.Count + 1, (await ServedChangesAsync(server)).Count);
            var catchingUp = new[] { CliChangesAsync(), CliChangesAsync() };
            await PostAsync(server, "make-statement", Statement("RU", "taliban", "second"));
            await PostAsync(server, "hold-engagement", Engagement("first"));
            await PostAsync(server, "make-statement", Statement("taliban", "RU", "third"));
            foreach (var answer in await Task.WhenAll(catchingUp)) Assert.True(answer.Count >= before.Count + 1, string.Join("\n", answer));
            var served = await ServedChangesAsync(server);
            Assert.Equal(before.Count + 4, served.Count);
            Assert.Equal(served, await CliChangesAsync());
        }
        var live = await CliChangesAsync();
        Assert.Empty(FactsNotOfTheirEventsType());

        // The same answer from a read model made afresh.
        var again = await Ledger("projections", "rebuild", "--json");
        Assert.True(again.ExitCode == 0, again.Error);
        Assert.Equal(live, await CliChangesAsync());
        Assert.Empty(FactsNotOfTheirEventsType());
    }

    public void Dispose() => _folder.Dispose();
}
