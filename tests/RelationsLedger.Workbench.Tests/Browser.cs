using Microsoft.Playwright;

namespace RelationsLedger.Workbench.Tests;

/// <summary>
/// Debian's Chromium driven by Playwright through its executable path: Playwright never downloads a browser here. Each
/// launch gets a fresh profile (a new temporary user-data dir, which Playwright makes and removes); the test classes share
/// one launch (<see cref="ShareAsync"/>). When the browser is not installed the tests are skipped, saying why — never passed.
/// </summary>
public sealed class Browser : IAsyncDisposable
{
    public const string ExecutablePath = "/usr/bin/chromium";

    public static readonly string[] Arguments =
        ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"];

    private IPlaywright? _playwright;

    public IBrowser Chromium { get; private set; } = null!;

    public static string? WhyNot => File.Exists(ExecutablePath) ? null
        : $"Chromium is not installed at {ExecutablePath} (apt-get install -y chromium; .ci/run installs it): the browser tests cannot run here.";

    private static readonly SemaphoreSlim SharedGate = new(1, 1);
    private static Browser? _shared;
    private static int _sharers;

    /// <summary>
    /// The test assembly's one Chromium, for a class that drives pages (each test still opens a context of its own: its own
    /// cookies, storage and cache). Launched when a class asks and none is open, closed when the last class holding it lets go
    /// (<see cref="LetGoAsync"/>): classes run two at a time, so one class's browser is the next one's whenever they
    /// overlap. Until round 54 each class launched its own: a Chromium and Playwright's driver, ~5 s of CPU each.
    /// </summary>
    public static async Task<Browser> ShareAsync()
    {
        await SharedGate.WaitAsync();
        try
        {
            _shared ??= await LaunchAsync();
            _sharers++;
            return _shared;
        }
        finally
        {
            SharedGate.Release();
        }
    }

    /// <summary>A class that had <see cref="ShareAsync"/> is done with the browser; the last one closes it.</summary>
    public static async Task LetGoAsync()
    {
        await SharedGate.WaitAsync();
        try
        {
            if (--_sharers > 0 || _shared is null) return;
            await _shared.DisposeAsync();
            _shared = null;
        }
        finally
        {
            SharedGate.Release();
        }
    }

    private static async Task<Browser> LaunchAsync()
    {
        var browser = new Browser();
        browser._playwright = await Playwright.CreateAsync();
        browser.Chromium = await browser._playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args = Arguments,
            Timeout = 60_000,
        });
        return browser;
    }

    public async ValueTask DisposeAsync()
    {
        if (Chromium is not null) await Chromium.DisposeAsync();
        _playwright?.Dispose();
    }
}
