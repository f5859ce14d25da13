namespace RelationsLedger.Application.Storage;

/// <summary>
/// How a user names the store, in messages that tell them to name another: the store layers do not know whether the
/// store came from <c>--store</c> or from the environment variable, and a user who set only the variable was told to
/// change an option they never gave.
/// </summary>
public static class StoreChoice
{
    /// <summary>The option and the environment variable that name a store (the variable is read when the option is not given).</summary>
    public const string Ways = "--store (or RELATIONSLEDGER_STORE)";
}
