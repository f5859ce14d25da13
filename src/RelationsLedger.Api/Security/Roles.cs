namespace RelationsLedger.Api.Security;

/// <summary>The two roles a key can have and the authorization policies built on them.</summary>
public static class Roles
{
    /// <summary>May record commands, and read.</summary>
    public const string Recorder = "recorder";

    /// <summary>May read only (auditors, analysts, downstream services).</summary>
    public const string Reader = "reader";

    public const string CanRecord = "can-record";
    public const string CanRead = "can-read";

    public static bool IsRole(string? role) => role is Recorder or Reader;
}
