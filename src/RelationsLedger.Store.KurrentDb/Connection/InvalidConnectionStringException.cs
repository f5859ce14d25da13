namespace RelationsLedger.Store.KurrentDb.Connection;

/// <summary>
/// A KurrentDB connection string that cannot be used. The message says which part is wrong and
/// never repeats the password.
/// </summary>
public sealed class InvalidConnectionStringException(string message) : FormatException(message);
