using Microsoft.Playwright;

namespace RelationsLedger.Workbench.Tests;

/// <summary>One server with the founding example for a test class, and the assembly's browser; each test opens its own page.</summary>
public sealed class WorkbenchFixture : IAsyncLifetime
{
    /// <summary>
    /// How long a test waits for the page to show what it must (Playwright's waits, the tests' own): long, because a wait
    /// that passes costs only what the page took, and CI runs two test assemblies at once on two cores — a Workbench
    /// test once missed a 20 s wait there (round 48) while the page was right.
    /// </summary>
    public const int PageWaitMilliseconds = 60_000;

    public WorkbenchServer Server { get; private set; } = null!;
    public Browser? Browser { get; private set; }

    public async Task InitializeAsync()
    {
        Server = await WorkbenchServer.StartAsync();
        if (Browser.WhyNot is null) Browser = await Browser.ShareAsync();
    }

    /// <summary>A fresh page (its own context: its own session storage) of the given size, recording every request it makes.</summary>
    public Task<Session> OpenAsync(int width = 1280, int height = 800) => OpenAsync(Server, width, height);

    /// <summary>The same, on another server than the fixture's (a test that restarts or replaces its own).</summary>
    public async Task<Session> OpenAsync(WorkbenchServer server, int width = 1280, int height = 800)
    {
        Skip.If(Browser is null, Browser.WhyNot);
        var context = await Browser!.Chromium.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new() { Width = width, Height = height } });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(PageWaitMilliseconds);
        return new Session(server, context, page);
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Tests.Browser.LetGoAsync();
        await Server.DisposeAsync();
    }
}

/// <summary>A page of the workbench: what it requested, and the steps every test takes.</summary>
public sealed class Session(WorkbenchServer server, IBrowserContext context, IPage page) : IAsyncDisposable
{
    private readonly List<string> _requests = Record(page);

    public IPage Page => page;

    /// <summary>Every URL the page asked for, in order (documents, scripts, fetches, the event stream).</summary>
    public IReadOnlyList<string> Requests { get { lock (_requests) return [.. _requests]; } }

    private static List<string> Record(IPage page)
    {
        var requests = new List<string>();
        page.Request += (_, request) => { lock (requests) requests.Add(request.Url); };
        return requests;
    }

    /// <summary>Opens the page at a route and enters the key in the form the page shows first.</summary>
    public async Task SignInAsync(string route = "#/", string key = WorkbenchServer.ReaderKey)
    {
        await page.GotoAsync(server.Origin + "/" + route);
        await page.GetByLabel("Reader key").FillAsync(key);
        await page.GetByRole(AriaRole.Button, new() { Name = "Open the workbench" }).ClickAsync();
        await page.Locator("#live[data-state=live]").WaitForAsync();
    }

    /// <summary>Every request went to the server's own origin: nothing was fetched from or sent to another host.</summary>
    public void AssertOnlyOwnOrigin()
    {
        var requests = Requests;
        Assert.NotEmpty(requests);
        var elsewhere = requests.Where(u => !u.StartsWith(server.Origin + "/", StringComparison.Ordinal)).ToList();
        Assert.True(elsewhere.Count == 0, $"requests to other hosts: {string.Join(", ", elsewhere)}");
    }

    public async Task ScreenshotAsync(string name) => await page.ScreenshotAsync(new() { Path = Screenshots.PathOf(name), FullPage = true });

    public async ValueTask DisposeAsync() => await context.CloseAsync();
}

/// <summary>
/// Where the tests' screenshots go: docs/workbench-NAME.png when RELATIONSLEDGER_SCREENSHOTS=docs (how the pictures in
/// README and docs are made), else the test output folder, so an ordinary test run leaves the repository as it was.
/// </summary>
public static class Screenshots
{
    public static string PathOf(string name)
    {
        if (Environment.GetEnvironmentVariable("RELATIONSLEDGER_SCREENSHOTS") == "docs")
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "RelationsLedger.sln"))) dir = dir.Parent;
            if (dir is not null) return Path.Combine(dir.FullName, "docs", $"workbench-{name}.png");
        }
        return Path.Combine(AppContext.BaseDirectory, "screenshots", $"workbench-{name}.png");
    }
}
