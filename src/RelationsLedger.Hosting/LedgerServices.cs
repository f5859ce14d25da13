using Microsoft.Extensions.DependencyInjection;
using RelationsLedger.Application;
using RelationsLedger.Application.Storage;
using RelationsLedger.Projections;
using RelationsLedger.Projections.Runner;

namespace RelationsLedger.Hosting;

/// <summary>The application's services on an opened store and its read model: how every host wires the ledger.</summary>
public static class LedgerServices
{
    /// <param name="ownsStore">Whether the services dispose the store with themselves (a host that opened it for them) or leave it to the caller.</param>
    /// <param name="requests">Which requests the services answer (<see cref="LedgerRequests"/>): a question's need not find every command's.</param>
    public static IServiceCollection AddLedger(this IServiceCollection services, IEventStore store, string readModelPath,
        ProjectionOptions? options = null, TimeProvider? clock = null, bool ownsStore = false, LedgerRequests requests = LedgerRequests.All)
    {
        services.AddRelationsLedger(requests);
        if (clock is not null) services.AddSingleton(clock);
        if (ownsStore) services.AddSingleton(_ => store); // made by a factory: disposed with the container
        else services.AddSingleton(store);
        services.AddProjections(readModelPath, options);
        return services;
    }

    public static ServiceProvider Build(IEventStore store, string readModelPath, ProjectionOptions? options = null, TimeProvider? clock = null, bool ownsStore = false,
        LedgerRequests requests = LedgerRequests.All) =>
        new ServiceCollection().AddLedger(store, readModelPath, options, clock, ownsStore, requests).BuildServiceProvider();

    /// <summary>Opens the store a location names and the services on it, which own the store.</summary>
    public static async Task<ServiceProvider> OpenAsync(StoreLocation location, bool mustExist = false, ProjectionOptions? options = null,
        LedgerRequests requests = LedgerRequests.All, CancellationToken ct = default)
    {
        var store = await LedgerStores.OpenAsync(location, ct: ct);
        try
        {
            if (mustExist) await LedgerStores.RequireLedgerAsync(location, store, ct);
        }
        catch
        {
            await store.DisposeAsync();
            throw;
        }
        return Build(store, location.ReadModelPath(), options, ownsStore: true, requests: requests);
    }
}
