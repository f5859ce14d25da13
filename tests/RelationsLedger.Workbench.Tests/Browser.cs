using Microsoft.Playwright;

namespace RelationsLedger.Workbench.Tests;

/// <summary>
/// Debian's Chromium driven by Playwright through its executable path: Playwright never downloads a browser here. Each
/// launch gets a fresh profile (a new temporary user-data dir, which Playwright makes and removes). When the browser is
/// not installed the tests are skipped, saying why — never passed.
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

    public static async Task<Browser> LaunchAsync()
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
