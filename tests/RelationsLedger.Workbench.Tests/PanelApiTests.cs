using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using RelationsLedger.Application.Queries.Panel;
using RelationsLedger.Domain.Aspects;
using Xunit.Abstractions;

namespace RelationsLedger.Workbench.Tests;

/// <summary>
/// <c>GET /panel</c> and <c>ledger panel</c> on the founding example: the header is the documented dictionary, the
/// cells agree with the state the API answers for the same day, CSV is strict RFC 4180 with the documented dtypes and
/// loads in pandas, NDJSON says the same, and every bad parameter is refused by name.
/// </summary>
public sealed class PanelApiTests(FoundingExampleServer shared, ITestOutputHelper output) : IClassFixture<FoundingExampleServer>
{
    private WorkbenchServer Server => shared.Server;

    private async Task<string> CsvAsync(string query)
    {
        using var response = await Server.Reader.GetAsync($"/panel?{query}");
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        return text;
    }

    private static List<Dictionary<string, string>> Rows(string csv)
    {
        var records = StrictCsv.Parse(csv);
        return records.Skip(1).Select(r => records[0].Zip(r).ToDictionary(p => p.First, p => p.Second)).ToList();
    }

    [Fact]
    public async Task The_header_is_the_documented_dictionary_and_docs_panel_md_lists_every_kind()
    {
        var csv = await CsvAsync("from=2024&to=2025");
        var header = StrictCsv.Parse(csv)[0];
        var dictionary = PanelColumns.Dictionary(RelationshipModel.Kinds);
        Assert.Equal(dictionary.Select(d => d.Column), header);
        foreach (var kind in RelationshipModel.Kinds)
            Assert.Contains(dictionary, d => d.Meaning.StartsWith(kind.Name + ":", StringComparison.Ordinal));

        var table = string.Join("\n", new[] { "| column | dtype | meaning |", "|---|---|---|" }.Concat(dictionary.Select(d => $"| `{d.Column}` | {d.DType} | {d.Meaning} |")));
        var doc = File.ReadAllText(RepositoryFile("docs/panel.md")).ReplaceLineEndings("\n");
        Assert.True(doc.Contains(table, StringComparison.Ordinal), $"docs/panel.md must hold the data dictionary as the kinds declare it:\n{table}");
    }

    [Fact]
    public async Task Every_cell_says_what_the_state_as_of_its_date_says()
    {
        var rows = Rows(await CsvAsync("from=2002&to=2026&party=taliban"));
        Assert.All(rows, r => Assert.Equal("RU~taliban", r["relationship"]));
        Assert.Equal(Enumerable.Range(2002, 25).Select(y => $"{y}-12-31"), rows.Select(r => r["date"]));
        foreach (var row in rows)
        {
            var state = await Server.GetJsonAsync($"/relationships/RU/taliban/state?asOf={row["date"]}");
            Check(row, "designations_by_a", Holding(state["designations"]!, "actor", "RU"));
            Check(row, "recognition_by_a", Holding(state["recognitions"]!, "actor", "RU"), i => (string)i["form"]!);
            Check(row, "ambassador_b_in_a", Holding(state["ambassadors"]!, "sending", "taliban"), i => (string)i["person"]!);
            Check(row, "nominations_by_b", Holding(state["nominations"]!, "sending", "taliban"));
            Check(row, "pledges_by_a", Holding(state["pledges"]!, "actor", "RU"));
            Check(row, "projects_by_a", Holding(state["projects"]!, "actor", "RU"));
            Assert.Equal(("", "certain"), (row["relations"], row["relations_certainty"]));
        }
        var year = (string y) => rows.Single(r => r["date"] == $"{y}-12-31");
        Assert.Equal(("1", "certain"), (year("2003")["designations_by_a"], year("2003")["designations_by_a_certainty"]));
        Assert.Equal(("0", "certain"), (year("2025")["designations_by_a"], year("2025")["designations_by_a_certainty"]));
        Assert.Equal(("de-jure", "Gul Hassan Hassan"), (year("2025")["recognition_by_a"], year("2025")["ambassador_b_in_a"]));
        // Engagements and statements are counted in the year they took effect.
        Assert.Equal(["0", "1", "0", "1", "1"], new[] { "2021", "2022", "2023", "2024", "2025" }.Select(y => year(y)["engagements"]));
        Assert.Equal("1", year("2024")["statements_by_a"]);
    }

    /// <summary>A cell agrees with the state's items of its direction: how many hold, or the value of the one that does, and possible when any is.</summary>
    private static void Check(Dictionary<string, string> row, string column, List<JsonNode> items, Func<JsonNode, string>? value = null)
    {
        var holding = items.Where(v => (string)v["status"]! != "ended" || (string)v["certainty"]! == "possible").ToList();
        var expected = value is null ? holding.Count.ToString(CultureInfo.InvariantCulture) : string.Join("; ", holding.Select(v => value(v["item"]!)));
        var certainty = items.Any(v => (string)v["certainty"]! == "possible") ? "possible" : "certain";
        Assert.True((expected, certainty) == (row[column], row[column + "_certainty"]), $"{row["date"]} {column}: panel {row[column]} {row[column + "_certainty"]}, state {expected} {certainty}");
    }

    private static List<JsonNode> Holding(JsonNode section, string actorField, string actor) =>
        section.AsArray().Where(v => (string)v!["item"]![actorField]! == actor).Select(v => v!).ToList();

    [Fact]
    public async Task Partial_dates_make_cells_possible_inside_their_window_and_certain_after()
    {
        var days = Rows(await CsvAsync("from=2025-05-30&to=2025-06-01&every=day&aspects=pledges,nominations&party=RU"));
        Assert.Equal(["2025-05-30", "2025-05-31", "2025-06-01"], days.Select(r => r["date"]));
        Assert.Equal(["possible", "certain", "certain"], days.Select(r => r["pledges_by_a_certainty"]));
        Assert.Equal(["1", "1", "1"], days.Select(r => r["nominations_by_b"]));
        var state = await Server.GetJsonAsync("/relationships/RU/taliban/state?asOf=2025-05-30");
        Assert.Equal("possible", (string)state["pledges"]![0]!["certainty"]!);
        Assert.Equal(["relationship", "party_a", "party_b", "date", "nominations_by_a", "nominations_by_a_certainty", "nominations_by_b", "nominations_by_b_certainty",
            "pledges_by_a", "pledges_by_a_certainty", "pledges_by_b", "pledges_by_b_certainty"], StrictCsv.Parse(await CsvAsync("from=2025&to=2025&aspects=pledges,nominations"))[0]);

        var months = Rows(await CsvAsync("from=2025-03&to=2025-07&every=month&aspects=designations"));
        Assert.Equal(["2025-03-31", "2025-04-30", "2025-05-31", "2025-06-30", "2025-07-31"], months.Select(r => r["date"]));
        var quarters = Rows(await CsvAsync("from=2025&to=2025&every=quarter&aspects=designations"));
        Assert.Equal(["2025-03-31", "2025-06-30", "2025-09-30", "2025-12-31"], quarters.Select(r => r["date"]));
        Assert.Equal(["1", "0", "0", "0"], quarters.Select(r => r["designations_by_a"]));
        var midYear = Rows(await CsvAsync("from=2003&to=2004&on=06-30&aspects=designations"));
        Assert.Equal(["2003-06-30", "2004-06-30"], midYear.Select(r => r["date"]));
    }

    [Fact]
    public async Task NDJSON_answers_the_same_cells_with_numbers_and_nulls()
    {
        var csv = Rows(await CsvAsync("from=2024&to=2025"));
        using var request = new HttpRequestMessage(HttpMethod.Get, "/panel?from=2024&to=2025");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var response = await Server.Reader.SendAsync(request);
        Assert.Equal("application/x-ndjson", response.Content.Headers.ContentType!.MediaType);
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!.AsObject()).ToList();
        Assert.Equal(csv.Count, lines.Count);
        foreach (var (row, json) in csv.Zip(lines))
        {
            Assert.Equal(row.Keys, json.Select(p => p.Key));
            foreach (var (column, value) in row)
            {
                var node = json[column];
                Assert.Equal(value, node is null ? "" : node.GetValueKind() == System.Text.Json.JsonValueKind.Number ? node.ToJsonString() : (string)node!);
            }
        }
        Assert.Equal(1, (int)lines.Single(l => (string)l["date"]! == "2024-12-31")["designations_by_a"]!);
        Assert.Null(lines[0]["relations"]);
    }

    [Fact]
    public async Task The_CSV_is_strict_RFC_4180_and_every_column_reads_as_its_documented_dtype()
    {
        // A value with a comma and quotes must be quoted: an agreement's title, say.
        await Server.RecordAsync("sign-agreement", new { partyA = "RU", partyB = "taliban", kind = "trade", title = "Memorandum on \"trade, transit\" and energy",
            effectiveDate = "2025-09", recordedBy = "test", sources = new[] { new { publisher = "Test", title = "A test source" } } });
        var csv = await CsvAsync("from=1946&to=2025");
        Assert.EndsWith("\r\n", csv, StringComparison.Ordinal);
        Assert.DoesNotContain("\n", csv.Replace("\r\n", "", StringComparison.Ordinal), StringComparison.Ordinal);
        var records = StrictCsv.Parse(csv);
        var dtypes = PanelColumns.Dictionary(RelationshipModel.Kinds).ToDictionary(d => d.Column, d => d.DType);
        foreach (var record in records.Skip(1))
        {
            Assert.Equal(records[0].Count, record.Count);
            foreach (var (column, value) in records[0].Zip(record))
            {
                var dtype = dtypes[column];
                if (dtype == "Int64") Assert.True(long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out _), $"{column}: '{value}' is not an integer");
                else if (dtype.StartsWith("datetime64", StringComparison.Ordinal)) Assert.True(DateOnly.TryParseExact(value, "yyyy-MM-dd", out _), $"{column}: '{value}'");
                else if (column.EndsWith("_certainty", StringComparison.Ordinal)) Assert.Contains(value, new[] { "certain", "possible" });
            }
        }
        Assert.Equal(80, records.Count - 1);
        Assert.Contains(records, r => r.Contains("1")); // the agreement counts from 2025
    }

    [SkippableFact]
    public async Task The_CSV_loads_in_pandas_with_the_documented_dtypes()
    {
        var python = Pandas.Python();
        Skip.If(python is null, "No Python with pandas here (apt-get install -y python3-pandas; .ci/run installs it); the strict RFC 4180 test checks the same file.");
        var path = Path.Combine(Server.Folder, "panel.csv");
        await File.WriteAllTextAsync(path, await CsvAsync("from=2000&to=2025"));
        var dictionary = PanelColumns.Dictionary(RelationshipModel.Kinds);
        var dtypes = string.Join(", ", dictionary.Where(d => !d.DType.StartsWith("datetime64", StringComparison.Ordinal)).Select(d => $"'{d.Column}': '{d.DType}'"));
        var script = $$"""
            import json, pandas as pd
            df = pd.read_csv({{Quote(path)}}, dtype={ {{dtypes}} }, parse_dates=['date'], keep_default_na=False, na_values=[''])
            row = df[df['date'] == '2024-12-31'].iloc[0]
            print(json.dumps({'rows': len(df), 'dtypes': {c: str(t) for c, t in df.dtypes.items()},
                              'designations_by_a': int(row['designations_by_a']), 'recognition_by_a': None if pd.isna(row['recognition_by_a']) else str(row['recognition_by_a'])}))
            """;
        var answer = JsonNode.Parse(Pandas.Run(python!, script))!;
        output.WriteLine(answer.ToJsonString());
        Assert.Equal(26, (int)answer["rows"]!);
        Assert.Equal(1, (int)answer["designations_by_a"]!);
        Assert.Null(answer["recognition_by_a"]);
        foreach (var d in dictionary)
        {
            var loaded = (string)answer["dtypes"]![d.Column]!;
            Assert.True(d.DType.StartsWith(loaded, StringComparison.Ordinal) || (d.DType == "string" && loaded == "string"), $"{d.Column}: pandas reads {loaded}, the dictionary says {d.DType}");
        }
    }

    private static string Quote(string path) => $"'{path.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal)}'";

    [Fact]
    public async Task Bad_parameters_are_refused_naming_each_field()
    {
        var cases = new (string Query, string Field)[]
        {
            ("to=2024", "from"), ("from=1946", "to"), ("from=2024&to=2000", "to"), ("from=19x6&to=2000", "from"),
            ("from=2000&to=2001&every=fortnight", "every"), ("from=2000&to=2001&on=02-29", "on"), ("from=2000&to=2001&on=13-01", "on"),
            ("from=2000&to=2001&every=month&on=12-31", "on"), ("from=2000&to=2001&aspects=missions,embassies", "aspects"),
            ("from=2000&to=2001&aspects=,", "aspects"), ("from=2000&to=2001&aspects=", "aspects"), ("from=2000&to=2001&aspects=%20", "aspects"),
            ("from=2000&to=2001&aspects=missions,,designations", "aspects"), ("from=2000&to=2001&aspects=missions,", "aspects"),
            ("from=2000&to=2001&party=United States", "party"), ("from=1800&to=2024&every=day", "to"), ("from=2000&to=2001&knownAt=never", "knownAt"),
        };
        foreach (var (query, field) in cases)
        {
            using var response = await Server.Reader.GetAsync($"/panel?{query}");
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{query}: {(int)response.StatusCode} {body}");
            var errors = JsonNode.Parse(body)!["errors"]!.AsObject();
            Assert.True(errors.ContainsKey(field), $"{query}: {body}");
            output.WriteLine($"{query} → {errors.ToJsonString()}");
        }
        using var anonymous = Server.Client(null);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/panel?from=2000&to=2001")).StatusCode);
    }

    [Fact]
    public async Task Ledger_panel_writes_the_same_CSV_as_the_API()
    {
        var path = Path.Combine(Server.Folder, "cli-panel.csv");
        var (stdout, stderr) = (new StringWriter(), new StringWriter());
        var code = await Cli.LedgerApp.RunPlainAsync(["--store", Path.Combine(Server.Folder, "ledger.db"), "panel", "--from", "2000", "--to", "2025", "--party", "taliban", "-o", path], stdout, stderr);
        Assert.True(code == 0, stderr.ToString());
        Assert.Equal(await CsvAsync("from=2000&to=2025&party=taliban"), await File.ReadAllTextAsync(path));
        Assert.Contains("Wrote 26 rows", stderr.ToString(), StringComparison.Ordinal);

        (stdout, stderr) = (new StringWriter(), new StringWriter());
        code = await Cli.LedgerApp.RunPlainAsync(["--store", Path.Combine(Server.Folder, "ledger.db"), "panel", "--from", "2000", "--to", "1999"], stdout, stderr);
        Assert.Equal(2, code);
        Assert.Contains("--to: '--to' must not be before '--from'.", stderr.ToString(), StringComparison.Ordinal); // the CLI names its options (the API: 'to')
        Assert.Equal("", stdout.ToString());

        (stdout, stderr) = (new StringWriter(), new StringWriter());
        code = await Cli.LedgerApp.RunPlainAsync(["--store", Path.Combine(Server.Folder, "ledger.db"), "panel", "--from", "2024", "--to", "2024", "--format", "ndjson", "-o", "-"], stdout, stderr);
        Assert.True(code == 0, stderr.ToString());
        Assert.Equal(1, (int)JsonNode.Parse(stdout.ToString().Split('\n')[0])!["designations_by_a"]!);
    }

    private static string RepositoryFile(string relative)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "RelationsLedger.sln"))) dir = dir.Parent;
        return Path.Combine(dir!.FullName, relative);
    }
}

/// <summary>A strict RFC 4180 reader: CRLF between records, fields quoted only as the RFC allows, nothing left over.</summary>
public static class StrictCsv
{
    public static List<List<string>> Parse(string text)
    {
        var records = new List<List<string>>();
        var (record, field, i) = (new List<string>(), new StringBuilder(), 0);
        while (i < text.Length)
        {
            if (text[i] == '"')
            {
                Assert.True(field.Length == 0, $"a quote inside an unquoted field at {i}");
                for (i++; ; i++)
                {
                    Assert.True(i < text.Length, "an unterminated quoted field");
                    if (text[i] != '"') { field.Append(text[i]); continue; }
                    if (i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; continue; }
                    i++;
                    break;
                }
                Assert.True(i == text.Length || text[i] == ',' || text[i] == '\r', $"text after a closing quote at {i}");
            }
            else if (text[i] == ',') { record.Add(field.ToString()); field.Clear(); i++; }
            else if (text[i] == '\r')
            {
                Assert.True(i + 1 < text.Length && text[i + 1] == '\n', $"a CR without LF at {i}");
                record.Add(field.ToString());
                field.Clear();
                records.Add(record);
                record = [];
                i += 2;
            }
            else
            {
                Assert.True(text[i] != '\n', $"a bare LF at {i}");
                field.Append(text[i++]);
            }
        }
        Assert.True(record.Count == 0 && field.Length == 0, "the last record does not end with CRLF");
        return records;
    }
}

/// <summary>Finds a Python that has pandas (Debian's python3-pandas lives under /usr/bin/python3) and runs scripts with it.</summary>
public static class Pandas
{
    // Debian's first: that is where .ci/run installs pandas, and a "python3" on the PATH may be a version manager's shim
    // (pyenv's took 4 s of wall time, 0.7 s of CPU, to start a Python without pandas before /usr/bin/python3 was tried).
    public static string? Python() => new[] { "/usr/bin/python3", "python3" }.FirstOrDefault(p =>
    {
        try { Run(p, "import pandas"); return true; }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception) { return false; }
    });

    public static string Run(string python, string script)
    {
        var info = new ProcessStartInfo(python) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add("-");
        using var process = Process.Start(info)!;
        process.StandardInput.Write(script);
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{python} exited {process.ExitCode}: {stderr}");
        return stdout.Result;
    }
}
