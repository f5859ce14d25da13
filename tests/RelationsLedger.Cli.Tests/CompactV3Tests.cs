namespace RelationsLedger.Cli.Tests;

/// <summary>
/// A store file of version 3 (Brotli), made by the last build whose upgrade wrote it (Fixtures/CompactV3): this build reads it
/// as that build did, writes onto it in its own layout, and upgrades it to version 4 (zstd) without changing what any reader sees.
/// </summary>
public sealed class CompactV3Tests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task A_version_3_store_reads_as_its_build_left_it_and_upgraded_to_4_exports_the_same_bytes_and_its_digest_holds()
    {
        var store = Copy("v3.db");
        var token = File.ReadLines(Copy("digest.txt")).First(); // rld2, printed by the build that made the file
        Assert.Equal(3, await LedgerFiles.UserVersionAsync(store));
        await AssertReadAsTheOldBuildDidAsync(store, token, "v3");

        var upgraded = await LedgerCli.RunAsync("--store", store, "store", "upgrade");

        Assert.True(upgraded.ExitCode == 0, upgraded.Out + upgraded.Error);
        Assert.StartsWith($"Upgraded {store} from version 3 to 4: 11 events, ", upgraded.Out, StringComparison.Ordinal);
        Assert.Equal(4, await LedgerFiles.UserVersionAsync(store));
        // Every envelope in zstd; an event's data too, unless too short to gain (a value under 72 bytes is kept as it is).
        Assert.Equal((11L, 8L), (await LedgerFiles.IntegerAsync(store, "SELECT count(*) FROM events WHERE substr(metadata, 1, 1) = x'02'"),
            await LedgerFiles.IntegerAsync(store, "SELECT count(*) FROM events WHERE substr(data, 1, 1) = x'02'")));
        await AssertReadAsTheOldBuildDidAsync(store, token, "v4");
    }

    /// <summary>A version 3 file written onto by this build stays version 3 and Brotli (its readers' build may be the old one).</summary>
    [Fact]
    public async Task An_event_recorded_onto_a_version_3_store_is_written_as_version_3_writes_it()
    {
        var store = Copy("v3.db");
        var recorded = await LedgerCli.RunAsync("--store", store, "record", "make-statement", "--actor", "RU", "--counterpart", "taliban",
            "--speaker", "A spokesperson", "--stance", "partner", "--summary", "A statement", "--on", "2025-05",
            "--source", "publisher=Reuters;title=A report;published=2025-05");
        Assert.True(recorded.ExitCode == 0, recorded.Out + recorded.Error);
        Assert.Equal(3, await LedgerFiles.UserVersionAsync(store));
        Assert.Equal(12, await LedgerFiles.IntegerAsync(store, "SELECT count(*) FROM events WHERE substr(metadata, 1, 1) = x'01'"));
        var verified = await LedgerCli.RunAsync("--store", store, "verify");
        Assert.True(verified.ExitCode == 0, verified.Out + verified.Error);
    }

    private async Task AssertReadAsTheOldBuildDidAsync(string store, string token, string name)
    {
        var export = _folder.File(name + ".ndjson");
        var exported = await LedgerCli.RunAsync("--store", store, "export", "-o", export);
        Assert.True(exported.ExitCode == 0, exported.Out + exported.Error);
        Assert.Equal(File.ReadAllBytes(Fixture("v3.ndjson")), File.ReadAllBytes(export));
        var verified = await LedgerCli.RunAsync("--store", store, "verify", "--digest", token);
        Assert.True(verified.ExitCode == 0, verified.Out + verified.Error);
        Assert.Contains("DIGEST OK", verified.Out, StringComparison.Ordinal);
    }

    private static string Fixture(string file) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "CompactV3", file);

    private string Copy(string file)
    {
        var copy = _folder.File(file);
        File.Copy(Fixture(file), copy);
        return copy;
    }
}
