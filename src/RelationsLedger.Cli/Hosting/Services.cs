using Microsoft.Extensions.DependencyInjection;
using RelationsLedger.Application;
using RelationsLedger.Application.Storage;
using RelationsLedger.Projections;

namespace RelationsLedger.Cli.Hosting;

/// <summary>The application's services on one opened store, for the length of one CLI command.</summary>
public static class Services
{
    /// <param name="mustExist">For commands that only read: a missing ledger file is an error, not an empty answer.</param>
    public static async Task<ServiceProvider> ForStoreAsync(string store, CancellationToken ct, bool mustExist = false)
    {
        var eventStore = await StoreOption.OpenAsync(store, ct);
        if (mustExist && eventStore is Store.Sqlite.SqliteEventStore { Exists: false } missing)
            throw new StoreUnavailableException($"There is no ledger at {missing.Path}: the file does not exist. Record an event, run 'ledger demo', or pass --store.");
        var services = new ServiceCollection();
        services.AddRelationsLedger();
        services.AddSingleton(eventStore);
        services.AddProjections(ReadModelLocation.For(store));
        return services.BuildServiceProvider();
    }
}
