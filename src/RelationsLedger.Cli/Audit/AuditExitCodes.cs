namespace RelationsLedger.Cli.Audit;

/// <summary>Exit codes of the audit commands beyond <see cref="Hosting.ExitCodes"/>.</summary>
public static class AuditExitCodes
{
    /// <summary>Verification found tampering, or a digest no longer matches.</summary>
    public const int IntegrityFailure = 5;
}
