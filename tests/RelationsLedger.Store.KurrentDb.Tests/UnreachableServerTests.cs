using System.Net;
using System.Net.Sockets;
using RelationsLedger.Application.Storage;

namespace RelationsLedger.Store.KurrentDb.Tests;

/// <summary>A port on this machine where nothing listens: connections are refused at once.</summary>
public sealed class UnreachableServerTests
{
    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    [Fact]
    public async Task Connecting_to_a_node_that_is_not_there_names_its_address()
    {
        var port = ClosedPort();
        var error = await Assert.ThrowsAsync<StoreUnavailableException>(() => KurrentDbEventStore.ConnectAsync($"kurrentdb://127.0.0.1:{port}?tls=false"));
        Assert.Contains($"KurrentDB at 127.0.0.1:{port} is unreachable", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_append_to_a_node_that_is_not_there_names_its_address_and_the_stream()
    {
        var port = ClosedPort();
        await using var store = KurrentDbEventStore.Connect($"esdb://127.0.0.1:{port}?tls=false");
        var error = await Assert.ThrowsAsync<StoreUnavailableException>(() =>
            store.AppendAsync("relationship-FR~de", ExpectedRevision.Any, [new EventData(Guid.NewGuid(), "T", "{}"u8.ToArray(), "{}"u8.ToArray())]));
        Assert.Contains($"127.0.0.1:{port}", error.Message, StringComparison.Ordinal);
        Assert.Contains("'relationship-FR~de'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Discovery_over_seeds_that_are_not_there_names_them()
    {
        var (a, b) = (ClosedPort(), ClosedPort());
        await using var store = KurrentDbEventStore.Connect($"esdb://127.0.0.1:{a},127.0.0.1:{b}?tls=false&maxDiscoverAttempts=2&discoveryInterval=10");
        var error = await Assert.ThrowsAsync<StoreUnavailableException>(() => store.ReadStreamAsync("s", ReadDirection.Forwards, null, 1).ToListAsync().AsTask());
        Assert.Contains($"127.0.0.1:{a}, 127.0.0.1:{b}", error.Message, StringComparison.Ordinal);
        Assert.Contains("after 2 attempts", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_description_names_the_server_without_credentials()
    {
        var store = KurrentDbEventStore.Connect("esdb://admin:changeit@node1:2113,node2:2113");
        Assert.Equal("KurrentDB at kurrentdb+discover://node1:2113,node2:2113", store.Description);
    }

    [Fact]
    public async Task A_subscription_to_a_node_that_was_never_there_fails_naming_it_instead_of_waiting_forever()
    {
        var port = ClosedPort();
        await using var store = KurrentDbEventStore.Connect($"kurrentdb://127.0.0.1:{port}?tls=false");
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var error = await Assert.ThrowsAsync<StoreUnavailableException>(async () =>
        {
            await foreach (var _ in store.SubscribeToAllAsync(null, StreamFilter.Relationships, cts.Token)) { }
        });
        Assert.Contains($"KurrentDB at 127.0.0.1:{port} is unreachable (subscribing to $all)", error.Message, StringComparison.Ordinal);
        Assert.False(cts.IsCancellationRequested, "the subscription should give up by itself");
    }
}
