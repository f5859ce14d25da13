using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using RelationsLedger.Api.Security;

namespace RelationsLedger.Cli.Tests;

/// <summary><c>ledger serve</c> as a real process on a free loopback port, with one recorder key.</summary>
internal sealed partial class ServeProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly System.Text.StringBuilder _log;
    public HttpClient Client { get; }

    /// <summary>The process's id, its exit code and whether it ended: a test that attacks it tells a server that died from one that refused.</summary>
    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>What the server wrote to its standard output and error so far: a failure shows why the server answered as it did.</summary>
    public string Log { get { lock (_log) return _log.ToString(); } }

    private ServeProcess(Process process, Uri url, string key, System.Text.StringBuilder log)
    {
        (_process, _log, Client) = (process, log, new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(60) });
        Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
    }

    /// <summary>
    /// Starts it on a free port; <c>RELATIONSLEDGER_TEST_SERVE_URLS</c>, when set, names the address instead (a machine shared by
    /// several runs, each keeping to its own ports).
    /// </summary>
    public static Task<ServeProcess> StartAsync(string folder, string store) =>
        StartAsync(folder, store, Environment.GetEnvironmentVariable("RELATIONSLEDGER_TEST_SERVE_URLS") is { Length: > 0 } given ? given : "http://127.0.0.1:0");

    /// <summary>Starts it listening on <paramref name="urls"/>, as <c>--urls</c> gives them, with <paramref name="environment"/> besides its key.</summary>
    public static async Task<ServeProcess> StartAsync(string folder, string store, string urls, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var key = ApiKeyHash.NewKey();
        var process = LedgerCli.Start(folder, new Dictionary<string, string?>(environment ?? new Dictionary<string, string?>())
        {
            ["Api__Keys__0__Name"] = "writer", ["Api__Keys__0__Hash"] = ApiKeyHash.HexOf(key), ["Api__Keys__0__Role"] = "recorder",
        }, ["--store", store, "serve", "--urls", urls]);
        var seen = new System.Text.StringBuilder();
        _ = Task.Run(async () =>
        {
            while (await process.StandardOutput.ReadLineAsync() is { } line)
                lock (seen) seen.AppendLine(line);
        });
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        try
        {
            while (await process.StandardError.ReadLineAsync(timeout.Token) is { } line)
            {
                lock (seen) seen.AppendLine(line);
                if (Serving().Match(line) is { Success: true } m)
                {
                    _ = Task.Run(async () =>
                    {
                        while (await process.StandardError.ReadLineAsync() is { } more)
                            lock (seen) seen.AppendLine(more);
                    });
                    return new(process, new Uri(m.Groups["url"].Value), key, seen);
                }
            }
            throw new InvalidOperationException($"ledger serve did not start (exit {(process.HasExited ? process.ExitCode : -1)}): {seen}");
        }
        catch when (!process.HasExited)
        {
            // Not seen serving (its line not recognised, or not said within the minute): a server left running outlives the test
            // run (round 63 found two, listening, from a run whose line this fixture did not recognise).
            process.Kill();
            process.WaitForExit();
            process.Dispose();
            throw;
        }
    }

    /// <summary>SIGKILL (what <see cref="Process.Kill()"/> sends on Unix): no shutdown, no flush.</summary>
    public void Kill()
    {
        _process.Kill();
        _process.WaitForExit();
    }

    public ValueTask DisposeAsync()
    {
        Client.Dispose();
        if (!_process.HasExited) Kill();
        _process.Dispose();
        return ValueTask.CompletedTask;
    }

    [GeneratedRegex(@"Serving the ledger at (?<url>http://(127\.0\.0\.1|\[::1\]|localhost):[0-9]+)")]
    private static partial Regex Serving();
}
