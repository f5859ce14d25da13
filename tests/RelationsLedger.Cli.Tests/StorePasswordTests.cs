namespace RelationsLedger.Cli.Tests;

/// <summary>
/// A KurrentDB password given in the store's connection string (<c>--store</c> or <c>RELATIONSLEDGER_STORE</c>) is never
/// printed: help text and error messages are pasted into tickets, chats and CI logs. Before, <c>ledger --help</c> showed
/// <c>RELATIONSLEDGER_STORE</c> whole as the option's default, a store string that is neither a file nor a connection
/// string was quoted whole, and a password holding a <c>/</c> or <c>?</c> (not percent-encoded) was quoted in part as
/// the connection string's "path" or "port".
/// </summary>
public sealed class StorePasswordTests : IDisposable
{
    private const string Password = "s3cretPW";
    private readonly TempFolder _folder = new();

    [Fact]
    public async Task Help_does_not_show_the_store_variable_with_its_password()
    {
        var run = await LedgerCli.RunProcessAsync(_folder.Path,
            new Dictionary<string, string?> { ["RELATIONSLEDGER_STORE"] = $"kurrentdb://admin:{Password}@127.0.0.1:1?tls=false" }, "--help");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("--store", run.Out, StringComparison.Ordinal);
        Assert.Contains("Default: $RELATIONSLEDGER_STORE, else ./relationsledger.db", run.Out, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, run.Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData($"http://admin:{Password}@127.0.0.1:2113")]
    [InlineData($"kurrentdb://admin:{Password}/x@127.0.0.1:2113?tls=false")]
    [InlineData($"kurrentdb://admin:{Password}?x@127.0.0.1:2113")]
    [InlineData($"esdb://admin:{Password}@127.0.0.1:2113/path?tls=false")]
    public async Task A_store_string_that_is_refused_is_named_without_its_password(string store)
    {
        var run = await LedgerCli.RunAsync("--store", store, "state", "RU", "taliban");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--store", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, run.Error + run.Out, StringComparison.Ordinal);
    }

    public void Dispose() => _folder.Dispose();
}
