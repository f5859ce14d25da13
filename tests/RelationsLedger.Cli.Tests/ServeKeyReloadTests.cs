using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using RelationsLedger.Api.Security;

namespace RelationsLedger.Cli.Tests;

/// <summary>
/// SIGHUP to a real <c>ledger serve</c> process reloads its API keys from appsettings.json in its folder (docs/api.md,
/// "Reloading the keys"). Before, the keys were read once at start, and SIGHUP ended the server at once. A revoked key's
/// open stream ends with ": key revoked" and the key is refused; a bad file changes nothing and the log names the
/// mistake; ten signals in a row leave the server serving the file's keys, with no error.
/// </summary>
public sealed partial class ServeKeyReloadTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly StringBuilder _log = new();

    private static readonly string Leaked = ApiKeyHash.NewKey(), Ingest = ApiKeyHash.NewKey(), Auditor = ApiKeyHash.NewKey(), Later = ApiKeyHash.NewKey();

    private static string Entry(string name, string key, string role) => $$"""{ "Name": "{{name}}", "Hash": "{{ApiKeyHash.HexOf(key)}}", "Role": "{{role}}" }""";

    /// <summary>Written beside and moved in place, as docs/api.md says to: a reload never meets a half-written file.</summary>
    private void WriteKeys(params string[] entries)
    {
        var beside = _folder.File("appsettings.json.new");
        File.WriteAllText(beside, $$"""{ "Api": { "Keys": [ {{string.Join(", ", entries)}} ] } }""");
        File.Move(beside, _folder.File("appsettings.json"), overwrite: true);
    }

    private string Log
    {
        get { lock (_log) return _log.ToString(); }
    }

    [Fact]
    public async Task Sighup_revokes_a_key_ending_its_stream_keeps_the_keys_on_a_bad_file_and_takes_ten_in_a_row()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(3)); // only keeps a broken build from hanging the run
        WriteKeys(Entry("leaked", Leaked, "reader"), Entry("ingest", Ingest, "recorder"));
        using var process = LedgerCli.Start(_folder.Path, new Dictionary<string, string?>(), ["--store", _folder.File("ledger.db"), "serve", "--urls", "http://127.0.0.1:0"]);
        try
        {
            var url = await ServingAsync(process, cts.Token);
            using var recorder = Client(url, Ingest);
            using (var recorded = await recorder.PostAsync("/commands/make-statement", new StringContent(
                """{ "actor": "RU", "counterpart": "AF", "speaker": "Vladimir Putin", "stance": "ally", "summary": "before the reload", "effectiveDate": "2024-07", "recordedBy": "analyst", "sources": [ { "publisher": "Reuters", "title": "A title", "publishedOn": "2024-07" } ] }""",
                Encoding.UTF8, "application/json"), cts.Token))
                Assert.True(recorded.StatusCode == HttpStatusCode.Created, await recorded.Content.ReadAsStringAsync(cts.Token));
            using var leaked = Client(url, Leaked);
            using var response = await leaked.GetAsync("/events/stream", HttpCompletionOption.ResponseHeadersRead, cts.Token);
            using var stream = new StreamReader(await response.Content.ReadAsStreamAsync(cts.Token));
            while (await stream.ReadLineAsync(cts.Token) is { } line && !line.StartsWith("data: ", StringComparison.Ordinal)) { }

            // Revoke 'leaked', add 'auditor'.
            WriteKeys(Entry("auditor", Auditor, "reader"), Entry("ingest", Ingest, "recorder"));
            await HangUpAsync(process);
            var rest = await stream.ReadToEndAsync(cts.Token);
            Assert.True(rest.EndsWith("\n: key revoked\n\n", StringComparison.Ordinal), $"the stream ended with '{rest}'; the server's log: {Log}");
            Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(leaked, cts.Token));
            using var auditor = Client(url, Auditor);
            Assert.Equal(HttpStatusCode.OK, await StatusAsync(auditor, cts.Token));
            Assert.Contains("The API keys were reloaded: 2 API keys in use; added 'auditor'; removed 'leaked'", Log, StringComparison.Ordinal);

            // A bad file: nothing of it is taken, the mistake is logged.
            WriteKeys(Entry("auditor", Auditor, "reader"), Entry("later", Later, "admin"));
            await HangUpAsync(process);
            await UntilAsync(() => Log.Contains("The 2 API keys in use stay, unchanged", StringComparison.Ordinal), cts.Token);
            Assert.Contains("The API keys were not reloaded: Api:Keys:1: Role must be recorder or reader; 'admin' is not.", Log, StringComparison.Ordinal);
            using var later = Client(url, Later);
            Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(later, cts.Token));
            Assert.Equal(HttpStatusCode.OK, await StatusAsync(recorder, cts.Token)); // 'ingest', which the bad file left out, still works

            // Ten in a row: the last reload applies the file; no error, the server serves on.
            WriteKeys(Entry("auditor", Auditor, "reader"), Entry("later", Later, "reader"));
            for (var i = 0; i < 10; i++) await SignalAsync(process, "HUP");
            await UntilAsync(() => Regex.Count(Log, "The API keys were reloaded") >= 2, cts.Token);
            await Task.Delay(500, cts.Token); // the burst's other reloads, if the signals were not merged
            Assert.False(process.HasExited, Log);
            Assert.Equal(HttpStatusCode.OK, await StatusAsync(later, cts.Token));
            Assert.Equal(HttpStatusCode.OK, await StatusAsync(auditor, cts.Token));
            Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(recorder, cts.Token));
            Assert.Equal(1, Regex.Count(Log, "fail: ")); // the bad file's one mistake, nothing from the burst

            await SignalAsync(process, "TERM");
            await process.WaitForExitAsync(cts.Token);
            Assert.True(process.ExitCode == 0, Log);
        }
        finally
        {
            if (!process.HasExited) process.Kill();
        }
    }

    private static HttpClient Client(Uri url, string key)
    {
        var client = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    private static async Task<HttpStatusCode> StatusAsync(HttpClient client, CancellationToken ct)
    {
        using var response = await client.GetAsync("/events?limit=1", ct);
        return response.StatusCode;
    }

    /// <summary>SIGHUP, then until the server says it reloaded (or not) once more than before.</summary>
    private async Task HangUpAsync(Process process)
    {
        var before = Regex.Count(Log, "The API keys (were|were not) reloaded");
        await SignalAsync(process, "HUP");
        await UntilAsync(() => Regex.Count(Log, "The API keys (were|were not) reloaded") > before, CancellationToken.None);
    }

    /// <summary>Until <paramref name="done"/>; fails with the server's log if it is not within 30 s (a server that died on the signal says nothing more).</summary>
    private async Task UntilAsync(Func<bool> done, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!done())
        {
            if (DateTime.UtcNow > deadline) Assert.Fail($"the server did not say it within 30 s; its log: {Log}");
            await Task.Delay(50, ct);
        }
    }

    private static async Task SignalAsync(Process process, string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-s", signal, process.Id.ToString(CultureInfo.InvariantCulture)]))!;
        await kill.WaitForExitAsync();
    }

    /// <summary>Reads both of the server's outputs into the log; the URL once it says it serves.</summary>
    private async Task<Uri> ServingAsync(Process process, CancellationToken ct)
    {
        _ = Task.Run(async () =>
        {
            while (await process.StandardOutput.ReadLineAsync(CancellationToken.None) is { } line)
                lock (_log) _log.AppendLine(line);
        }, CancellationToken.None);
        while (await process.StandardError.ReadLineAsync(ct) is { } line)
        {
            lock (_log) _log.AppendLine(line);
            if (Serving().Match(line) is { Success: true } m)
            {
                _ = Task.Run(async () =>
                {
                    while (await process.StandardError.ReadLineAsync(CancellationToken.None) is { } more)
                        lock (_log) _log.AppendLine(more);
                }, CancellationToken.None);
                return new Uri(m.Groups["url"].Value);
            }
        }
        throw new InvalidOperationException($"ledger serve did not start: {Log}");
    }

    [GeneratedRegex(@"Serving the ledger at (?<url>http://127\.0\.0\.1:[0-9]+)")]
    private static partial Regex Serving();

    public void Dispose() => _folder.Dispose();
}
