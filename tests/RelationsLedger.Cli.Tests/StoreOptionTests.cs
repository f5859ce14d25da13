using RelationsLedger.Hosting;

namespace RelationsLedger.Cli.Tests;

/// <summary>--store names a KurrentDB server by any scheme the KurrentDB store accepts, else a SQLite file.</summary>
public sealed class StoreOptionTests
{
    [Theory]
    [InlineData("kurrentdb://127.0.0.1:2113?tls=false")]
    [InlineData("kurrentdb+discover://n1:2113,n2:2113")]
    [InlineData("esdb://127.0.0.1:2113?tls=false")]
    [InlineData("esdb+discover://admin:changeit@n1:2113")]
    [InlineData("kdb://127.0.0.1:2113?tls=false")]
    [InlineData("kdb+discover://n1:2113")]
    [InlineData("kurrent://127.0.0.1:2113?tls=false")]
    [InlineData("KURRENT+DISCOVER://n1:2113")]
    public void Every_kurrentdb_scheme_is_a_connection_string(string store)
    {
        Assert.True(StoreLocation.Parse(store).IsKurrentDb);
    }

    [Theory]
    [InlineData("relationsledger.db")]
    [InlineData("/tmp/kdb.db")]
    [InlineData("kurrentdb.db")]
    public void Anything_else_is_a_sqlite_file(string store) => Assert.False(StoreLocation.Parse(store).IsKurrentDb);
}
