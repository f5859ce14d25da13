using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using RelationsLedger.Hosting;

namespace RelationsLedger.Cli.Hosting;

/// <summary>The application's services on the store named by <c>--store</c>, for the length of one CLI command.</summary>
public static class Services
{
    /// <param name="mustExist">For commands that only read: a store with no ledger is an error, not an empty answer.</param>
    public static Task<ServiceProvider> ForStoreAsync(ParseResult parse, CancellationToken ct, bool mustExist = false) =>
        LedgerServices.OpenAsync(StoreOption.Location(parse), mustExist, ct: ct);
}
