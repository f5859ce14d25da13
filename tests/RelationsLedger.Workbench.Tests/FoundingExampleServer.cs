namespace RelationsLedger.Workbench.Tests;

/// <summary>A server with the founding example for a test class that needs no browser (the timeline and panel answers).</summary>
public sealed class FoundingExampleServer : IAsyncLifetime
{
    public WorkbenchServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await WorkbenchServer.StartAsync();

    public async Task DisposeAsync() => await Server.DisposeAsync();
}
