using System.Security.Cryptography;
using System.Text;
using RelationsLedger.Store.KurrentDb.Connection;

namespace RelationsLedger.Hosting;

/// <summary>The store string is wrong (empty, not a file name, a malformed connection string); the message says how.</summary>
public sealed class StoreLocationException(string message) : Exception(message);
