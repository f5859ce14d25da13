using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using RelationsLedger.Application;
using RelationsLedger.Cli.Output;
using RelationsLedger.Hosting;
using RelationsLedger.Projections.Runner;

namespace RelationsLedger.Cli.Hosting;

/// <summary>The application's services on the store named by <c>--store</c>, for the length of one CLI command.</summary>
public static class Services
{
    /// <param name="mustExist">For commands that only read: a store with no ledger is an error, not an empty answer.</param>
    /// <param name="requests">Which requests the services answer: <see cref="LedgerRequests.Questions"/> for a question's.</param>
    public static Task<ServiceProvider> ForStoreAsync(ParseResult parse, CliOutput io, CancellationToken ct, bool mustExist = false, LedgerRequests requests = LedgerRequests.All) =>
        OpenAsync(StoreOption.Location(parse), io, ct, mustExist, requests);

    /// <summary>For commands that only read, after their input is known to be good: a store with no ledger is an error.</summary>
    public static Task RequireLedgerAsync(ParseResult parse, ServiceProvider services, CancellationToken ct) =>
        LedgerStores.RequireLedgerAsync(StoreOption.Location(parse), services.GetRequiredService<Application.Storage.IEventStore>(), ct);

    public static async Task<ServiceProvider> OpenAsync(StoreLocation location, CliOutput io, CancellationToken ct, bool mustExist = false, LedgerRequests requests = LedgerRequests.All)
    {
        var services = await LedgerServices.OpenAsync(location, mustExist, ct: ct, requests: requests);
        // The read model's own work while a question waits: why it is made again, and (on a terminal) how far it got.
        var reporting = services.GetRequiredService<CatchUpReporting>();
        reporting.Notice = message => io.Error.WriteLine(Printable.Text(message));
        if (io.ErrorIsTerminal) reporting.Progress = new TerminalProgress(io.Error, "Building the read model").Report;
        return services;
    }
}

/// <summary>One line of progress on a terminal, redrawn at most five times a second and ended when the work is.</summary>
internal sealed class TerminalProgress(TextWriter error, string what)
{
    private long _lastDrawn;
    private bool _drawn;

    public void Report(ProjectionProgress p)
    {
        var now = Environment.TickCount64;
        var done = p.Fraction is >= 1.0;
        if (!done && now - _lastDrawn < 200) return;
        if (!_drawn && p.Elapsed < TimeSpan.FromSeconds(1)) return; // short work draws nothing, not even that it is done
        _lastDrawn = now;
        var percent = p.Fraction is { } f ? string.Create(CultureInfo.InvariantCulture, $"{f:P0}, ") : "";
        error.Write(string.Create(CultureInfo.InvariantCulture, $"\r{what}: {percent}{p.EventsThisRun:N0} events, {p.EventsPerSecond:N0} events/s   "));
        _drawn = true;
        if (done) error.WriteLine();
    }

    /// <summary>Work that is not a projection's (the caller knows it is large): what it is doing, and how far (a fraction).</summary>
    public void Report(string doing, double fraction)
    {
        var now = Environment.TickCount64;
        var done = fraction >= 1.0;
        if (!done && _drawn && now - _lastDrawn < 200) return;
        _lastDrawn = now;
        error.Write(string.Create(CultureInfo.InvariantCulture, $"\r{what}: {fraction:P0}, {doing}   "));
        _drawn = !done;
        if (done) error.WriteLine();
    }

    /// <summary>Ends a line left open by work that stopped before it was done (the error then starts on a line of its own).</summary>
    public void End()
    {
        if (_drawn) error.WriteLine();
        _drawn = false;
    }
}
