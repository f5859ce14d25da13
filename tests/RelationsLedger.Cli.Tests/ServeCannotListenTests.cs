using System.Net;
using System.Net.Sockets;

namespace RelationsLedger.Cli.Tests;

/// <summary>
/// <c>ledger serve</c> on a port another program holds: one plain line and exit code 6. Before, the line came after the
/// host's own 30-line stack trace ("Hosting failed to start") and a false alarm — "The projection relationships stopped;
/// retrying in 00:00:30" over an <see cref="ObjectDisposedException"/> — from the live read model, which the failed start
/// left running while the server was taken apart. The ledger runs as a real process.
/// </summary>
public sealed class ServeCannotListenTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task A_port_already_taken_is_said_in_one_line_with_exit_code_6()
    {
        var store = _folder.File("ledger.db");
        Assert.Equal(0, (await LedgerCli.RunAsync("--store", store, "demo")).ExitCode); // a read model to keep live
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var url = $"http://127.0.0.1:{((IPEndPoint)taken.LocalEndpoint).Port}";

        var run = await LedgerCli.RunProcessAsync(_folder.Path, "--store", store, "serve", "--urls", url);

        Assert.Equal(6, run.ExitCode);
        Assert.Contains($"Cannot listen on {url}: ", run.Error, StringComparison.Ordinal);
        Assert.Contains("address already in use", run.Error, StringComparison.Ordinal);
        var everything = run.Out + run.Error;
        Assert.DoesNotContain("   at ", everything, StringComparison.Ordinal);
        Assert.DoesNotContain("fail:", everything, StringComparison.Ordinal);
        Assert.DoesNotContain("projection", everything, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Exception", everything, StringComparison.Ordinal);
    }
}
