using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using RelationsLedger.Cli;

namespace RelationsLedger.Workbench.Tests;

/// <summary>
/// README's one command: <c>ledger serve --demo</c> records the founding example into a store of its own, prints the URL
/// and a fresh reader key, and the page at that URL shows the timeline once the key is entered.
/// </summary>
public sealed partial class ServeDemoTests : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("relationsledger-demo-").FullName;
    private Browser? _browser;

    public async Task InitializeAsync()
    {
        if (Browser.WhyNot is null) _browser = await Browser.ShareAsync();
    }

    [SkippableFact]
    public async Task Serve_demo_prints_a_URL_and_a_reader_key_and_the_page_shows_the_founding_example()
    {
        Skip.If(_browser is null, Browser.WhyNot);
        var store = Path.Combine(_folder, "demo.db");
        var (output, error) = (new SharedWriter(), new SharedWriter());
        using var stop = new CancellationTokenSource();
        var serving = LedgerApp.RunPlainAsync(["serve", "--demo", "--store", store, "--urls", "http://127.0.0.1:0"], output, error, stop.Token);
        try
        {
            Match printed = Match.Empty;
            for (var waited = 0; waited < 600 && !(printed = Printed().Match(output.Text)).Success; waited++)
            {
                Assert.False(serving.IsCompleted, $"ledger serve --demo stopped: {error.Text}");
                await Task.Delay(100);
            }
            Assert.True(printed.Success, $"no URL and key printed: {output.Text} {error.Text}");
            var (url, key) = (printed.Groups["url"].Value, printed.Groups["key"].Value);
            Assert.EndsWith("/#/relationships/RU/taliban", url, StringComparison.Ordinal);

            using (var client = new HttpClient { BaseAddress = new Uri(url) })
            {
                client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
                Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/relationships/RU/taliban/timeline")).StatusCode);
                Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsync("/commands/make-statement", new StringContent("{}", Encoding.UTF8, "application/json"))).StatusCode);
            }

            var context = await _browser!.Chromium.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new() { Width = 1280, Height = 800 } });
            var page = await context.NewPageAsync();
            await page.GotoAsync(url);
            await page.GetByLabel("Reader key").FillAsync(key);
            await page.GetByRole(AriaRole.Button, new() { Name = "Open the workbench" }).ClickAsync();
            var designation = page.Locator(".span[data-kind=designations]");
            await designation.WaitForAsync(new() { Timeout = WorkbenchFixture.PageWaitMilliseconds });
            Assert.Equal("2025-04-17", await designation.GetAttributeAsync("data-end"));
            await context.CloseAsync();
        }
        finally
        {
            await stop.CancelAsync();
            Assert.Equal(0, await serving);
        }

        // A second --demo on the same store is refused: the demo needs a store of its own.
        var (again, againError) = (new SharedWriter(), new SharedWriter());
        Assert.Equal(2, await LedgerApp.RunPlainAsync(["serve", "--demo", "--store", store, "--urls", "http://127.0.0.1:0"], again, againError));
        Assert.Contains("already holds events", againError.Text, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"Open:\s+(?<url>http://\S+)\s+Reader key:\s+(?<key>rl_\S+)")]
    private static partial Regex Printed();

    public async Task DisposeAsync()
    {
        if (_browser is not null) await Browser.LetGoAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { } // best effort
    }

    /// <summary>A writer the server writes to on its own threads while the test reads what it wrote.</summary>
    private sealed class SharedWriter : TextWriter
    {
        private readonly StringBuilder _text = new();

        public override Encoding Encoding => Encoding.UTF8;

        public string Text { get { lock (_text) return _text.ToString(); } }

        public override void Write(char value) { lock (_text) _text.Append(value); }

        public override void Write(string? value) { lock (_text) _text.Append(value); }
    }
}
