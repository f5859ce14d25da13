namespace RelationsLedger.Api.Tests;

/// <summary>One server for a whole test class, for tests that only read or are refused (they change nothing another test sees).</summary>
public class SharedServer : IAsyncLifetime
{
    public ApiServer Server { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await ApiServer.StartAsync();
        await SeedAsync(Server);
    }

    protected virtual Task SeedAsync(ApiServer server) => Task.CompletedTask;

    public async Task DisposeAsync() => await Server.DisposeAsync();
}
