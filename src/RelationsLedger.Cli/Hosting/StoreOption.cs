using System.CommandLine;
using RelationsLedger.Hosting;

namespace RelationsLedger.Cli.Hosting;

/// <summary><c>--store</c>: which event store the ledger uses (see <see cref="StoreLocation"/>).</summary>
public static class StoreOption
{
    public static Option<string> Option { get; } = new("--store")
    {
        Description = $"A SQLite file (the embedded store) or a KurrentDB connection string (kurrentdb://host:2113?tls=false). Default: ${StoreLocation.EnvironmentVariable}, else ./{StoreLocation.DefaultFile}.",
        Recursive = true,
        DefaultValueFactory = _ => StoreLocation.Default(),
    };

    public static StoreLocation Location(ParseResult parse) => StoreLocation.Parse(parse.GetValue(Option));
}
