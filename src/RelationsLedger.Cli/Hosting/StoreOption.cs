using System.CommandLine;
using RelationsLedger.Hosting;

namespace RelationsLedger.Cli.Hosting;

/// <summary><c>--store</c>: which event store the ledger uses (see <see cref="StoreLocation"/>).</summary>
public static class StoreOption
{
    private const string Name = "--store";

    /// <summary>The option, made for each run's command tree (no option is shared between runs: see <c>LedgerApp.Commands</c>).</summary>
    public static Option<string> Create() => new(Name)
    {
        Description = $"A SQLite file (the embedded store) or a KurrentDB connection string (kurrentdb://host:2113?tls=false). Default: ${StoreLocation.EnvironmentVariable}, else ./{StoreLocation.DefaultFile}.",
        Recursive = true,
        // No default value on the option itself: help would print it, and RELATIONSLEDGER_STORE may hold a password.
    };

    /// <summary>The store as given: <c>--store</c>, else <see cref="StoreLocation.Default"/>.</summary>
    public static string Text(ParseResult parse) => parse.GetValue<string>(Name) ?? StoreLocation.Default();

    /// <summary>The store given; a wrong one is named by where it was given: <c>--store</c> or <c>RELATIONSLEDGER_STORE</c>.</summary>
    public static StoreLocation Location(ParseResult parse)
    {
        var given = parse.GetValue<string>(Name);
        try
        {
            return StoreLocation.Parse(given ?? StoreLocation.Default());
        }
        catch (StoreLocationException e) when (given is null && StoreLocation.FromEnvironment() is not null)
        {
            throw new StoreLocationException(e.Message, StoreLocation.EnvironmentVariable);
        }
    }

    /// <summary>
    /// The token a recording command (record, record-batch) sends its command with: the signal's (<paramref name="signal"/>) on the
    /// embedded store, where nothing is written until the append takes the write lock and after it the append is not cancelled
    /// (GroupWriter); none on KurrentDB, where an append once sent may be recorded whatever the client does.
    /// </summary>
    public static CancellationToken StopsBeforeTheWrite(ParseResult parse, CancellationToken signal) =>
        Location(parse).File is not null ? signal : CancellationToken.None;

    /// <summary>
    /// How to leave the named store out, for <c>demo</c> and <c>serve --demo</c> refusing a store that holds events: "Omit --store"
    /// told a user who had set only <c>RELATIONSLEDGER_STORE</c> to leave out an option they never gave.
    /// </summary>
    public static string HowToLeaveOut(ParseResult parse) =>
        parse.GetValue<string>(Name) is not null ? $"Omit {Name}" : $"Unset {StoreLocation.EnvironmentVariable}";

    /// <summary>Whether a store was named, by <c>--store</c> or <c>RELATIONSLEDGER_STORE</c> (<c>demo</c> and <c>serve --demo</c> make their own otherwise).</summary>
    public static bool Named(ParseResult parse) => parse.GetValue<string>(Name) is not null || StoreLocation.FromEnvironment() is not null;
}
