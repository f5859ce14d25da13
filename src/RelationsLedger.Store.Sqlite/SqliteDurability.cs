namespace RelationsLedger.Store.Sqlite;

/// <summary>
/// When a committed append reaches the disk. <see cref="Full"/> is the default and the ledger's promise:
/// an acknowledged event survives a power cut (one fsync of the write-ahead log per commit).
/// <see cref="Normal"/> must be chosen explicitly: commits survive a crash of the process, but the last
/// ones may be lost on a power cut or an OS crash (SQLite syncs the WAL only at checkpoints).
/// </summary>
public enum SqliteDurability { Full, Normal }
