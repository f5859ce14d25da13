using System.Runtime.CompilerServices;

namespace RelationsLedger.Application.Storage;

/// <summary>
/// Whether a connection's settings (its <c>PRAGMA</c>s: journal mode, syncs, page cache) were applied to a native SQLite
/// handle. They belong to the handle, which a connection pool hands out again with them, so they are applied on its first
/// open only: applying them on every open cost each question on the read model five more statements prepared and run.
/// The mark goes with the handle — a pool cleared (a rebuilt read model put in place, a store file restored over) closes
/// its handles, and the next one, on whatever file is at the path then, gets the settings again — and names the settings:
/// two stores on one file with other syncs (FULL, NORMAL) share a pool, and each applies its own to a handle the other set.
/// </summary>
public static class SqliteHandleSettings
{
    private static readonly ConditionalWeakTable<object, string> Applied = new();

    /// <summary>Whether <paramref name="settings"/> (the statements that apply them) were the last applied to <paramref name="handle"/>.</summary>
    /// <param name="handle">The connection's native handle (<c>SqliteConnection.Handle</c>).</param>
    public static bool AreApplied(object handle, string settings) => Applied.TryGetValue(handle, out var applied) && applied == settings;

    /// <summary>Called once the settings were applied without error; a handle that failed is tried again at its next open.</summary>
    public static void MarkApplied(object handle, string settings) => Applied.AddOrUpdate(handle, settings);
}
