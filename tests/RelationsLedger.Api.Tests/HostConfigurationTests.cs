using Microsoft.Extensions.Configuration;
using RelationsLedger.Api;
using RelationsLedger.Store.Sqlite;

namespace RelationsLedger.Api.Tests;

/// <summary>
/// The server reads its configuration once, at start: it does not watch its content root (the ledger's folder,
/// where the store and the read model write their WAL all the time) for changes it would never use.
/// </summary>
public sealed class HostConfigurationTests
{
    [Fact]
    public async Task Configuration_files_are_read_at_start_and_not_watched()
    {
        using var folder = new TempFolder();
        await File.WriteAllTextAsync(folder.File("appsettings.json"), """{ "Api": { "MaxRequestBodyBytes": 123456 } }""");
        await using var store = await SqliteEventStore.OpenAsync(folder.File("ledger.db"));
        await using var app = LedgerApi.Build(new LedgerApiSettings(store, folder.File("ledger.projections.db")) { ContentRoot = folder.Path, Urls = "http://127.0.0.1:0" });

        var files = ((IConfigurationRoot)app.Configuration).Providers.OfType<FileConfigurationProvider>().ToList();
        Assert.Contains(files, f => f.Source.Path == "appsettings.json");
        Assert.All(files, f => Assert.False(f.Source.ReloadOnChange, $"{f.Source.Path} is watched for changes"));
        Assert.Equal("123456", app.Configuration["Api:MaxRequestBodyBytes"]);
    }
}
