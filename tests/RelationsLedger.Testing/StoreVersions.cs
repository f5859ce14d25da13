using RelationsLedger.Store.Sqlite;

namespace RelationsLedger.Testing;

/// <summary>
/// The layouts an embedded store's file is found in, for tests that run the same check on each: version 1 (JSON as text; what
/// a new store is made at, and what every build reads) and version 4 (the compact layout with zstd: hashes and ids as bytes,
/// values compressed; made by <c>ledger store upgrade</c>).
/// </summary>
public static class StoreVersions
{
    public const int Text = 1, Zstd = 4;

    /// <summary>Both, for <c>[Theory, MemberData(nameof(StoreVersions.Both), MemberType = typeof(StoreVersions))]</c>.</summary>
    public static TheoryData<int> Both => new() { Text, Zstd };

    /// <summary>Each row of <paramref name="rows"/> once for each layout, the version first: a theory's data on both.</summary>
    public static IEnumerable<object[]> Each(IEnumerable<object[]> rows) =>
        from row in rows.ToList() from version in (int[])[Text, Zstd] select (object[])[version, .. row];

    /// <summary><paramref name="store"/>, which makes its file at <paramref name="version"/> when it is new (as it is, when null).</summary>
    public static SqliteEventStore MakeAt(SqliteEventStore store, int? version)
    {
        if (version is { } v) store.NewFileVersion = v;
        return store;
    }

    /// <summary>
    /// A store file at <paramref name="version"/> with its tables, mark and identity and no event yet, for a test whose
    /// commands (run as the CLI runs them) then record into that layout.
    /// </summary>
    public static async Task CreateAsync(string path, int version)
    {
        await using var store = MakeAt(await SqliteEventStore.OpenAsync(path), version);
        await store.MakeFileAsync();
    }

    /// <summary>Whether a file of <paramref name="version"/> keeps its JSON compressed (versions 3 and 4) rather than as text.</summary>
    public static bool IsCompact(long version) => version >= Schema.CompactLayout;
}
