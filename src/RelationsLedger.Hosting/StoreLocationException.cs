using System.Security.Cryptography;
using System.Text;
using RelationsLedger.Store.KurrentDb.Connection;

namespace RelationsLedger.Hosting;

/// <summary>The store string is wrong (empty, not a file name, a malformed connection string); the message says how.</summary>
/// <param name="setting">Where the wrong value was given, as the user would write it: <c>--store</c>, or an environment variable.</param>
public sealed class StoreLocationException(string message, string setting = StoreLocationException.StoreOption) : Exception(message)
{
    public const string StoreOption = "--store";

    /// <summary>The option or environment variable the wrong value came from: the error is said under its name.</summary>
    public string Setting { get; } = setting;

    /// <summary>
    /// The field of a program's <c>errors</c> (<c>--json</c>): the store's is <c>--store</c> however it was given, as it has
    /// always been (a JSON output is a contract); the read model's is its variable.
    /// </summary>
    public string Field => Setting == StoreLocation.EnvironmentVariable ? StoreOption : Setting;
}
